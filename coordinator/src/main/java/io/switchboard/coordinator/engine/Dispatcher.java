package io.switchboard.coordinator.engine;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.dispatch.EnvelopeFactory;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends tasks to their runners' topics: fills an invocation's window, sends the next attempt of a restarted
 * task, and tries again a send the producer failed. Never waits for a send: its acknowledgement comes back
 * to the engine as a message. Runs on the engine thread.
 */
final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration DISPATCH_RETRY = Duration.ofSeconds(1);

  private final CoordinatorState state;
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final EnvelopeFactory envelopes;
  private final Timers timers;
  private final Watchdog watchdog;
  private final Function<String, List<byte[]>> carried;
  private final Consumer<EngineMessage> inbox;

  /**
   * @param carried per invocation id, the intent records its envelopes carry (empty for none)
   * @param inbox where the sends' acknowledgements go (the engine's queue; any thread)
   */
  Dispatcher(CoordinatorState state, Producer<String, byte[]> producer, Topics topics, EnvelopeFactory envelopes,
      Timers timers, Watchdog watchdog, Function<String, List<byte[]>> carried, Consumer<EngineMessage> inbox) {
    this.state = state;
    this.producer = producer;
    this.topics = topics;
    this.envelopes = envelopes;
    this.timers = timers;
    this.watchdog = watchdog;
    this.carried = carried;
    this.inbox = inbox;
  }

  /** Fills the invocation's window: tasks go out until {@code maxParallel} are in flight. */
  void dispatch(InvocationState invocation) {
    for (TaskState task = invocation.nextToDispatch(); task != null; task = invocation.nextToDispatch()) {
      send(invocation, task);
    }
  }

  /** Sends the next attempt of a task whose failure its supervisor restarts (unless that changed since). */
  void redispatch(TaskState task, int attempt) {
    if (task.isTerminal() || task.attempt() != attempt || !task.retryPending()) {
      return;
    }
    log.info("task {} attempt {} dispatched (restart)", task.key(), attempt);
    send(invocationOf(task), task);
  }

  /** The producer could not send an attempt: it goes back to the window, which is refilled a little later. */
  void dispatchFailed(TaskKey key, int attempt, Throwable error) {
    state.task(key).filter(t -> !t.isTerminal() && t.attempt() == attempt && t.dispatched()).ifPresent(task -> {
      log.warn("task {} could not be dispatched, retrying in {}: {}", key, DISPATCH_RETRY, error.toString());
      InvocationState invocation = invocationOf(task);
      state.dispatchFailed(invocation, task);
      timers.schedule(DISPATCH_RETRY, () -> dispatch(invocation));
    });
  }

  /** Sends a task's current attempt; its acknowledgement is the dispatch log's record of it. */
  private void send(InvocationState invocation, TaskState task) {
    int attempt = task.attempt();
    producer.send(WireRecords.envelope(topics.tasks(task.runner()), envelopes.envelope(task),
            carried.apply(invocation.id())),
        (meta, e) -> inbox.accept(e != null ? new EngineMessage.DispatchFailed(task.key(), attempt, e)
            : new EngineMessage.Dispatched(task.key(), attempt, new TopicPartition(meta.topic(), meta.partition()),
                meta.offset())));
    state.dispatched(invocation, task);
    watchdog.armDeadline(task);
  }

  private InvocationState invocationOf(TaskState task) {
    return state.invocation(task.key().invocationId()).orElseThrow();
  }
}
