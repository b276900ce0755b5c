package io.switchboard.coordinator.engine;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;
import java.time.Duration;

/**
 * The coordinator's own watch over running attempts, for workers that die and never come back: an attempt
 * with a timeout whose result has not come within the timeout and the grace is a {@code timeout}; a
 * running task without a heartbeat for too long is {@code worker_lost}. Both are then supervised like a
 * worker's failure. Runs on the engine thread (through the timers).
 */
final class Watchdog {

  /** Journals and applies a failure decided by the coordinator. */
  @FunctionalInterface
  interface Failer {
    void fail(TaskState task, ErrorCode code, String message);
  }

  private static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

  private final CoordinatorState state;
  private final Timers timers;
  private final Clock clock;
  private final Duration deadlineGrace;
  private final Duration taskLost;
  private final Failer failer;

  Watchdog(CoordinatorState state, Timers timers, Clock clock, Duration deadlineGrace, Duration taskLost,
      Failer failer) {
    this.state = state;
    this.timers = timers;
    this.clock = clock;
    this.deadlineGrace = deadlineGrace;
    this.taskLost = taskLost;
    this.failer = failer;
  }

  /** Arms the deadline of {@code task}'s current attempt, if it has a timeout. */
  void armDeadline(TaskState task) {
    Long timeoutMs = task.target().timeoutMs() != null ? task.target().timeoutMs() : task.agent().timeoutMs();
    if (timeoutMs == null) {
      return;
    }
    int attempt = task.attempt();
    Duration limit = Duration.ofMillis(timeoutMs).plus(deadlineGrace);
    timers.schedule(limit, () -> {
      if (!task.isTerminal() && task.attempt() == attempt && task.dispatched()) {
        failer.fail(task, ErrorCode.TIMEOUT, "no result within " + limit.toMillis() + " ms (timeoutMs "
            + timeoutMs + " + grace): its worker may have died");
      }
    });
  }

  /** Every few seconds: a running task with no heartbeat for {@code taskLost} lost its worker. */
  void sweepLostTasks() {
    var oldest = clock.instant().minus(taskLost);
    for (TaskState task : state.running()) {
      if (task.lastSeen() != null && task.lastSeen().isBefore(oldest)) {
        failer.fail(task, ErrorCode.WORKER_LOST, "no heartbeat from worker " + task.snapshot().worker() + " for "
            + taskLost.toMillis() + " ms");
      }
    }
    timers.schedule(SWEEP_EVERY, this::sweepLostTasks);
  }
}
