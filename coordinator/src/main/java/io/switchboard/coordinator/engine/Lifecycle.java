package io.switchboard.coordinator.engine;

import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.coordinator.supervisor.Supervisor;
import java.time.Duration;
import java.util.Random;

/**
 * The engine's lifecycle rules: the supervisor, the spawn hooks, and the timings of cancels, deadlines and lost tasks.
 *
 * @param cancelGrace how long a running task has to confirm a cancel
 * @param deadlineGrace slack over a task's timeout before the coordinator records a timeout
 * @param taskLost how long a running task may go without a heartbeat
 */
public record Lifecycle(Supervisor supervisor, Hooks hooks, Duration cancelGrace, Duration deadlineGrace,
    Duration taskLost) {

  public static Lifecycle from(CoordinatorConfig config, Hooks hooks) {
    return new Lifecycle(new Supervisor(new Random()), hooks, config.cancelGrace(), config.deadlineGrace(),
        config.taskLost());
  }
}
