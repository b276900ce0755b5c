package io.switchboard.worker.internal.registry;

import io.switchboard.common.model.WorkerInfo;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.worker.internal.publish.Publisher;
import io.switchboard.worker.internal.run.RunningTasks;
import io.switchboard.worker.internal.run.TaskExecution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code heartbeat-ms}: the worker's own heartbeat on {@code <p>.registry} ({@code worker:<id>})
 * and a {@code heartbeat} event for each task whose agent is running and whose started event is out.
 */
public final class Heartbeats implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

  private final Publisher publisher;
  private final Supplier<WorkerInfo> info;
  private final RunningTasks running;
  private final Clock clock;
  private ScheduledFuture<?> schedule;

  public Heartbeats(Publisher publisher, Supplier<WorkerInfo> info, RunningTasks running, Clock clock) {
    this.publisher = publisher;
    this.info = info;
    this.running = running;
    this.clock = clock;
  }

  /** Beats now and then every {@code every} on {@code timer}. */
  public synchronized void start(ScheduledExecutorService timer, Duration every) {
    schedule = timer.scheduleAtFixedRate(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  void beat() {
    try {
      WorkerInfo now = info.get();
      publisher.heartbeat(now).whenComplete((meta, e) -> {
        if (e != null) {
          log.warn("cannot publish the heartbeat of {}: {}", now.id(), e.toString());
        }
      });
      Instant at = clock.instant();
      for (TaskExecution execution : running.announced()) {
        publisher.event(new TaskEvent.Heartbeat(execution.key(), execution.attempt(), now.id(), at));
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat failed: {}", e.toString()); // the next one will try again
    }
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }
}
