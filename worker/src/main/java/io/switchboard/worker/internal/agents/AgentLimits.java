package io.switchboard.worker.internal.agents;

import io.switchboard.common.model.AgentSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Each agent's own {@code concurrency}: at most that many of its tasks run at once in this worker
 * process. A spec that changes its limit gets a fresh semaphore (tasks already running keep theirs).
 */
public final class AgentLimits {

  /** A held permit; closing it gives it back. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private static final Permit NONE = () -> {};

  private record Limit(int permits, Semaphore semaphore) {}

  private final ConcurrentHashMap<String, Limit> limits = new ConcurrentHashMap<>();

  /** Waits for a permit to run one task of {@code spec}; no wait when the agent has no limit. */
  public Permit acquire(AgentSpec spec) throws InterruptedException {
    Integer concurrency = spec.concurrency();
    if (concurrency == null || concurrency < 1) {
      return NONE;
    }
    Limit limit = limits.compute(spec.name(), (name, current) ->
        current != null && current.permits() == concurrency ? current
            : new Limit(concurrency, new Semaphore(concurrency, true)));
    limit.semaphore().acquire();
    return limit.semaphore()::release;
  }
}
