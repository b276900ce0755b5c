package io.switchboard.coordinator.engine;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.ControlMessage;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a task and every unfinished descendant, wherever each one is: still in its dispatch window
 * (cancelled at once), in Kafka but not started (a control record so a worker skips it, and cancelled at
 * once), or running (a control record makes its worker kill it; unconfirmed after the grace, it is recorded
 * cancelled anyway). Runs on the engine thread; windows are refilled by the caller once the cascade is done.
 */
final class Cancellations {

  private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

  private final CoordinatorState state;
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Timers timers;
  private final Clock clock;
  private final Duration grace;
  private final BiConsumer<TaskState, String> recordCancelled;
  private final Consumer<TaskState> refill;

  /**
   * @param recordCancelled journals and applies a cancelled outcome without refilling any window
   * @param refill refills the window of a task's invocation
   */
  Cancellations(CoordinatorState state, Producer<String, byte[]> producer, Topics topics, Timers timers, Clock clock,
      Duration grace, BiConsumer<TaskState, String> recordCancelled, Consumer<TaskState> refill) {
    this.state = state;
    this.producer = producer;
    this.topics = topics;
    this.timers = timers;
    this.clock = clock;
    this.grace = grace;
    this.recordCancelled = recordCancelled;
    this.refill = refill;
  }

  /** {@code POST /v1/tasks/{key}/cancel}. */
  CancelOutcome cancel(TaskKey key, String reason) {
    var task = state.task(key);
    if (task.isEmpty()) {
      return new CancelOutcome.NotFound(key);
    }
    if (task.get().isTerminal() && state.children(key).isEmpty()) {
      return new CancelOutcome.AlreadyFinished(key, task.get().status().wireName());
    }
    List<TaskKey> cancelled = cancelTree(task.get(), reason == null ? "cancelled by request" : reason);
    cancelled.stream().map(TaskKey::invocationId).distinct().map(state::invocation)
        .forEach(i -> i.ifPresent(invocation -> refill.accept(invocation.tasks().get(0))));
    if (cancelled.isEmpty()) {
      return new CancelOutcome.AlreadyFinished(key, task.get().status().wireName());
    }
    return new CancelOutcome.Cancelling(key, cancelled);
  }

  /** Cancels {@code root} and every unfinished descendant, queued or running on any worker. */
  List<TaskKey> cancelTree(TaskState root, String reason) {
    List<TaskKey> cancelled = new ArrayList<>();
    var todo = new ArrayDeque<TaskState>();
    todo.push(root);
    while (!todo.isEmpty()) {
      TaskState task = todo.pop();
      if (!task.isTerminal()) {
        cancelOne(task, reason);
        cancelled.add(task.key());
      }
      for (TaskKey child : state.children(task.key())) {
        state.task(child).ifPresent(todo::push);
      }
    }
    return cancelled;
  }

  private void cancelOne(TaskState task, String reason) {
    if (!task.dispatched()) {
      recordCancelled.accept(task, reason); // still in the window (or waiting for a retry): not in Kafka
      return;
    }
    producer.send(WireRecords.of(topics.control(), task.key().toString(),
        new ControlMessage.CancelTask(task.key(), reason, clock.instant())));
    if (task.status() == TaskStatus.QUEUED) {
      recordCancelled.accept(task, reason); // not started: a worker that takes it skips it
      return;
    }
    state.cancelRequested(task);
    int attempt = task.attempt();
    timers.schedule(grace, () -> {
      if (!task.isTerminal() && task.attempt() == attempt) {
        log.warn("task {} did not confirm its cancel within {}; recording it cancelled", task.key(), grace);
        recordCancelled.accept(task, reason + " (unconfirmed by its worker)");
        refill.accept(task);
      }
    });
  }
}
