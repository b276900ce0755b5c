package io.switchboard.common.wire;

import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The terminal outcome of one attempt, journaled in the compacted {@code <p>.results} topic (keyed
 * by the task key): the source of replay.
 *
 * @param key the task key
 * @param invocationId the invocation (equals {@code key.invocationId()}; defaults to it)
 * @param taskId the task id (equals {@code key.taskId()}; defaults to it)
 * @param attempt the attempt that ended
 * @param outcome how it ended
 * @param worker the worker that ran it; null when it ran locally or never started
 * @param startedAt when the attempt started; null if it never did
 * @param finishedAt when it ended
 */
public record TaskResult(
    TaskKey key,
    String invocationId,
    String taskId,
    int attempt,
    Outcome outcome,
    String worker,
    Instant startedAt,
    Instant finishedAt) {

  public TaskResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(finishedAt, "finishedAt");
    invocationId = invocationId == null ? key.invocationId() : invocationId;
    taskId = taskId == null ? key.taskId() : taskId;
    key.requireMatches(invocationId, taskId);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }

  /** The result of {@code attempt} of the task with this key. */
  public static TaskResult of(
      TaskKey key, int attempt, Outcome outcome, String worker, Instant startedAt, Instant at) {
    return new TaskResult(key, null, null, attempt, outcome, worker, startedAt, at);
  }

  /** The API's view of this result, counting {@code attempt} as the number of attempts. */
  public StepOutcome toStepOutcome(boolean replayed) {
    return switch (outcome) {
      case Outcome.Succeeded succeeded ->
          StepOutcome.succeeded(key, succeeded.output(), succeeded.structured(), attempt, replayed);
      case Outcome.Failed failed -> StepOutcome.failed(key, failed.error(), attempt, replayed);
      case Outcome.Cancelled cancelled ->
          StepOutcome.failed(key, cancelled.toTaskError(), attempt, replayed);
    };
  }
}
