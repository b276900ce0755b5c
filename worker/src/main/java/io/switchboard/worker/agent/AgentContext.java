package io.switchboard.worker.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the worker gives an agent while it runs one task: a way to report logs and progress (they
 * are published as task events), the cancellation signal, and the limits in force.
 */
public interface AgentContext {

  /** The id of the worker running the task. */
  String workerId();

  /**
   * The time limit of this attempt: the task's {@code timeoutMs}, else the agent's, shortened to the
   * task's deadline; empty when there is none. The worker enforces it (it cancels the agent when it
   * expires); agents may use it to bound their own waits.
   */
  Optional<Duration> timeout();

  /** The coordinator's URL, for agents that start sub-invocations; empty when not configured. */
  Optional<String> coordinatorUrl();

  /** The worker's clock. */
  Clock clock();

  /**
   * Publishes one line the agent wrote, e.g. {@code log("stderr", line)}. Long lines are cut;
   * never blocks for long.
   */
  void log(String stream, String line);

  /** Publishes progress: a message and, when the agent can count, {@code done} of {@code total}. */
  void progress(String message, Integer done, Integer total);

  /** True once the task was cancelled, timed out, or the worker is handing it back. */
  boolean isCancelled();

  /**
   * Registers {@code action} to run once when the task is cancelled (on another thread); it runs at
   * once when the task is already cancelled. Use it to kill a process or abort a request.
   */
  void onCancel(Runnable action);
}
