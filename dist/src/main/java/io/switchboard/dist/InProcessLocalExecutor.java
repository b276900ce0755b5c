package io.switchboard.dist;

import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.executor.LocalExecutorFactory;
import io.switchboard.coordinator.executor.LocalExecutorSettings;
import io.switchboard.worker.Worker;

/**
 * The coordinator's local executor: a worker inside the coordinator's process serving the reserved
 * {@code local} route. It is the worker's engine unchanged (lanes on a share group, the agent SPI and its
 * kinds, cancel, poison, time limits, heartbeats, results journaled before the record is acknowledged),
 * so a local task is journaled, replayed, cancelled and supervised exactly as a remote one; a coordinator
 * killed mid-task loses only the in-flight runs, which the share group redelivers after its restart.
 */
public final class InProcessLocalExecutor implements LocalExecutorFactory {

  @Override
  public AutoCloseable start(LocalExecutorSettings settings) {
    WorkerConfig defaults = WorkerConfig.defaults();
    WorkerConfig config = new WorkerConfig(Topics.LOCAL_RUNNER, settings.concurrency(),
        "local-" + defaults.workerId(), defaults.heartbeat(), settings.grace(), settings.deliveryLimit(),
        settings.coordinatorUrl().toString(), defaults.startedEventAfter());
    return Worker.start(config, settings.kafka(), settings.clock());
  }
}
