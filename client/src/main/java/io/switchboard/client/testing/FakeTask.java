package io.switchboard.client.testing;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One task of the fake: its target and where it stands. The first outcome set wins. */
final class FakeTask {

  private final TaskKey key;
  private final Target target;
  private final TaskKey parent;
  private final Clock clock;
  private final Instant createdAt;
  private final CompletableFuture<StepOutcome> outcome = new CompletableFuture<>();
  private volatile Instant startedAt;
  private volatile Instant finishedAt;

  FakeTask(TaskKey key, Target target, TaskKey parent, Clock clock) {
    this.key = key;
    this.target = target;
    this.parent = parent;
    this.clock = clock;
    this.createdAt = clock.instant();
  }

  TaskKey key() {
    return key;
  }

  Target target() {
    return target;
  }

  TaskKey parent() {
    return parent;
  }

  CompletableFuture<StepOutcome> outcome() {
    return outcome;
  }

  /** Marks the task running; false when it already has its outcome (e.g. it was cancelled). */
  boolean start() {
    if (outcome.isDone()) {
      return false;
    }
    startedAt = clock.instant();
    return true;
  }

  /** Sets the outcome, re-keyed to this task; false when it already had one. */
  synchronized boolean finish(StepOutcome result) {
    if (outcome.isDone()) {
      return false;
    }
    StepOutcome keyed =
        new StepOutcome(
            key.taskId(),
            key,
            result.success(),
            result.output(),
            result.structured(),
            result.error(),
            startedAt == null ? 0 : Math.max(1, result.attempts()),
            result.replayed());
    finishedAt = clock.instant();
    return outcome.complete(keyed);
  }

  /** Gives the task a {@code cancelled} outcome unless it already has one. */
  boolean cancel(String reason) {
    return finish(StepOutcome.failed(key, TaskError.of(ErrorCode.CANCELLED, reason), 1, false));
  }

  boolean isTerminal() {
    return outcome.isDone();
  }

  TaskStatus status() {
    StepOutcome done = outcome.getNow(null);
    if (done != null) {
      if (done.success()) {
        return TaskStatus.SUCCEEDED;
      }
      return done.error().code() == ErrorCode.CANCELLED ? TaskStatus.CANCELLED : TaskStatus.FAILED;
    }
    return startedAt == null ? TaskStatus.QUEUED : TaskStatus.RUNNING;
  }

  TaskSnapshot snapshot() {
    StepOutcome done = outcome.getNow(null);
    return new TaskSnapshot(
        key,
        key.invocationId(),
        key.taskId(),
        target.agent(),
        status(),
        parent,
        List.of(),
        done == null ? (startedAt == null ? 0 : 1) : done.attempts(),
        startedAt == null ? null : "fake",
        null,
        AgentSpec.Runtime.LOCAL,
        createdAt,
        startedAt,
        done == null ? null : finishedAt,
        done);
  }
}
