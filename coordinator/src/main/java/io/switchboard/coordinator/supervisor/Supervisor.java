package io.switchboard.coordinator.supervisor;

import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.SupervisorPolicy;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides what a failure means for a task (seed 002's supervisor): {@code restart} retries retryable
 * failures (timeout, worker_lost, transient, throttled) up to {@code maxRestarts} times with exponential
 * backoff and jitter, and lets any other failure stand; {@code stop} lets every failure stand;
 * {@code escalate} finishes the task and carries its failure to the parent. The restart counter is the
 * task's attempt number, so it survives a coordinator restart with the journal.
 */
public final class Supervisor {

  private final RandomGenerator random;

  public Supervisor(RandomGenerator random) {
    this.random = random;
  }

  public Decision decide(SupervisorPolicy policy, TaskResult result) {
    if (!(result.outcome() instanceof Outcome.Failed failed)) {
      return new Decision.Finish();
    }
    return switch (policy.onFailure()) {
      case STOP -> new Decision.Finish();
      case ESCALATE -> new Decision.Escalate();
      case RESTART -> restart(policy, result.attempt(), failed.error());
    };
  }

  private Decision restart(SupervisorPolicy policy, int attempt, TaskError error) {
    int restartsSoFar = attempt - 1;
    if (!error.code().isRetryable() || restartsSoFar >= policy.maxRestarts()) {
      return new Decision.Finish();
    }
    return new Decision.Restart(attempt + 1, backoff(policy, attempt));
  }

  /**
   * {@code backoffMs × 2^(attempt-1)}, capped at {@code maxBackoffMs}, then "equal jitter": a uniform
   * value between half and all of it, so restarts of many failed tasks spread out.
   */
  Duration backoff(SupervisorPolicy policy, int attempt) {
    double exponential = policy.backoffMs() * Math.pow(2, Math.min(attempt - 1, 30));
    long capped = (long) Math.min(exponential, policy.maxBackoffMs());
    if (capped <= 1) {
      return Duration.ofMillis(capped);
    }
    long half = capped / 2;
    return Duration.ofMillis(half + random.nextLong(capped - half + 1));
  }
}
