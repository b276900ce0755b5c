package io.switchboard.coordinator.engine;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.dispatch.EnvelopeFactory;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import io.switchboard.coordinator.feed.ConsumedResult;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.coordinator.hook.Spawn;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.store.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns coordinator state. The API and the Kafka feeds hand it typed messages; it
 * applies them in order, writes to Kafka without ever blocking on a send, and answers through futures.
 */
public final class Engine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final CoordinatorState state;
  private final Topics topics;
  private final Timers timers;
  private final TaskFeedEvents feed;
  private final BlockingQueue<EngineMessage> inbox = new LinkedBlockingQueue<>();
  private final StoreWrites store;
  private final Changes changes = new Changes();
  /** Tasks retried from the dead-letter queue whose reopened mark waits for the store to take it. */
  private final List<TaskState> retriesAwaitingStore = new ArrayList<>();
  private final IntentWriter intents;
  private final HeldOffsets held = new HeldOffsets();
  private final Dispatcher dispatcher;
  private final Outcomes outcomes;
  private final Cancellations cancellations;
  private final Watchdog watchdog;
  private final SpawnChecks spawnChecks;
  private final Hooks hooks;
  private final Thread thread;
  private volatile boolean running = true;

  public Engine(CoordinatorState state, Producer<String, byte[]> producer, Topics topics, EnvelopeFactory envelopes,
      Timers timers, TaskFeedEvents feed, Clock clock, Lifecycle lifecycle, StateStore store, Readiness readiness,
      int maxRecordBytes) {
    this.state = state;
    this.topics = topics;
    this.timers = timers;
    this.feed = feed;
    this.store = new StoreWrites(store::write, readiness);
    this.thread = Thread.ofPlatform().name("coordinator-engine").unstarted(this::loop);
    this.intents = new IntentWriter(producer, topics, timers, inbox::add, maxRecordBytes);
    // the parts call each other back (a result refills a window, a failure cascades a cancel): through
    // lambdas that read the fields when called, all on this thread
    this.outcomes = new Outcomes(state, producer, topics, clock, lifecycle, feed, timers, changes, new Outcomes.Next() {
      @Override
      public void refill(InvocationState invocation) {
        dispatcher.dispatch(invocation);
      }

      @Override
      public void redispatch(TaskState task, int attempt) {
        dispatcher.redispatch(task, attempt);
      }

      @Override
      public void cancelTree(TaskState task, String reason) {
        cancellations.cancelTree(task, reason);
      }
    });
    this.watchdog = new Watchdog(state, timers, clock, lifecycle.deadlineGrace(), lifecycle.taskLost(),
        outcomes::recordFailed);
    this.dispatcher = new Dispatcher(state, producer, topics, envelopes, timers, watchdog, intents::carried,
        inbox::add);
    this.cancellations = new Cancellations(state, producer, topics, timers, clock, lifecycle.cancelGrace(),
        outcomes::recordCancelled, task -> dispatcher.dispatch(invocationOf(task)));
    this.hooks = lifecycle.hooks();
    this.spawnChecks = new SpawnChecks(state, hooks, clock, outcomes::recordFailedQuietly);
  }

  public void start() {
    thread.start();
  }

  // ---- the ways in ----

  public CompletableFuture<SubmitOutcome> submit(PlannedInvocation plan) {
    var reply = new CompletableFuture<SubmitOutcome>();
    inbox.add(new EngineMessage.SubmitInvocation(plan, reply));
    return reply;
  }

  public CompletableFuture<CancelOutcome> cancel(TaskKey key, String reason) {
    var reply = new CompletableFuture<CancelOutcome>();
    inbox.add(new EngineMessage.CancelTask(key, reason, reply));
    return reply;
  }

  public void resultsRead(List<ConsumedResult> results) {
    inbox.add(new EngineMessage.ResultsRead(results));
  }

  public void taskStarted(TaskEvent.Started event) {
    inbox.add(new EngineMessage.TaskStarted(event));
  }

  /**
   * Runs a failed task again as its next attempt (a retry from the dead-letter queue).
   *
   * @return the new attempt, or empty when the task is unknown or did not fail
   */
  public CompletableFuture<Optional<Integer>> retry(TaskKey key) {
    var reply = new CompletableFuture<Optional<Integer>>();
    post(() -> {
      var task = state.task(key).filter(t -> t.status() == TaskStatus.FAILED).map(state::reopen);
      task.ifPresent(t -> {
        outcomes.reopened(invocationOf(t));
        // the batch so far and the reopened mark are on disk before the retry's envelope can exist (a batch
        // may end anywhere): a coordinator killed in between must not find the invocation finished on disk
        // while its task runs again (DeadLetterTest: the mark must outlive a restart)
        changes.reopened(key.invocationId());
        log.info("task {} retried from the dead-letter queue as attempt {}", key, t.attempt());
        retriesAwaitingStore.add(t);
        persist();
      });
      reply.complete(task.map(TaskState::attempt));
    });
    return reply;
  }

  /** Runs a read-only {@code query} on the engine thread; its result must be an immutable snapshot. */
  public <T> CompletableFuture<T> query(Function<CoordinatorState, T> query) {
    return CompletableFuture.supplyAsync(() -> query.apply(state), this::post);
  }

  /** After a rebuild: fills the window of every unfinished invocation. */
  public void resume() {
    inbox.add(new EngineMessage.TimerFired(() -> {
      state.unfinished().forEach(dispatcher::dispatch);
      state.pendingRetries().forEach(task -> dispatcher.redispatch(task, task.attempt()));
      for (var invocation : state.unfinished()) {
        invocation.tasks().stream().filter(t -> t.dispatched() && !t.isTerminal()).forEach(watchdog::armDeadline);
      }
      watchdog.sweepLostTasks();
    }));
  }

  /**
   * Runs {@code action} on the engine thread with this batch's store changes (written with the batch):
   * how features kept outside the engine (contexts) change state under the one writer.
   */
  public void onEngine(Consumer<Changes> action) {
    inbox.add(new EngineMessage.TimerFired(() -> action.accept(changes)));
  }

  /** For timers: runs {@code action} on the engine thread. */
  void post(Runnable action) {
    inbox.add(new EngineMessage.TimerFired(action));
  }

  // ---- the loop ----

  private void loop() {
    List<EngineMessage> batch = new ArrayList<>();
    while (running) {
      try {
        EngineMessage first = inbox.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        inbox.drainTo(batch, 4096);
        for (int i = 0; i < batch.size(); i++) {
          handleSafely(batch.get(i));
        }
        batch.clear();
        persist();
        hooks.afterBatch();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One WriteBatch per engine batch: the state changes and the offsets they cover (with an earlier batch that
   * could not be written). Once they are in, finished invocations leave memory and retries wait no longer.
   */
  private void persist() {
    if (changes.isEmpty() || !store.write(changes)) {
      return;
    }
    outcomes.evictFinished(intents::isPending);
    for (TaskState task : retriesAwaitingStore) {
      dispatcher.redispatch(task, task.attempt());
    }
    retriesAwaitingStore.clear();
  }

  private void handleSafely(EngineMessage message) {
    try {
      handle(message);
    } catch (RuntimeException e) {
      log.error("engine failed to handle {}: {}", message.getClass().getSimpleName(), e.toString(), e);
    }
  }

  private void handle(EngineMessage message) {
    switch (message) {
      case EngineMessage.SubmitInvocation m -> onSubmit(m.plan(), m.reply());
      case EngineMessage.IntentWritten m -> onIntentWritten(m.invocationId(), m.round(), m.partition(), m.offset(),
          m.error());
      case EngineMessage.Dispatched m -> {
        String invocationId = m.key().invocationId();
        changes.dispatched(m.key().toString(), m.attempt());
        changes.consumed(m.partition(), held.written(invocationId, intents.isPending(invocationId), m.partition(),
            m.offset()));
      }
      case EngineMessage.DispatchFailed m -> dispatcher.dispatchFailed(m.key(), m.attempt(), m.error());
      case EngineMessage.ResultsRead m -> m.results().forEach(this::onConsumedResult);
      case EngineMessage.TaskStarted m -> onStarted(m.event());
      case EngineMessage.CancelTask m -> m.reply().complete(cancellations.cancel(m.key(), m.reason()));
      case EngineMessage.TimerFired m -> m.action().run();
    }
  }

  // ---- submit: intent first, then dispatch; or both at once when the envelope carries the intent ----

  private void onSubmit(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply) {
    if (intents.isPending(plan.id())) {
      intents.join(plan.id(), reply); // the same id submitted twice at once: one intent, both wait
      return;
    }
    var existing = state.invocation(plan.id());
    if (existing.isPresent()) {
      reply.complete(Resubmission.compare(existing.get(), plan.invocation())
          .<SubmitOutcome>map(SubmitOutcome.Refused::new)
          .orElseGet(() -> new SubmitOutcome.Accepted(existing.get(), true)));
      return;
    }
    if (intents.prepare(plan, reply)) {
      // carried: the task goes out now, just ahead of its intent; the client hears once the intent is in
      InvocationState invocation = plan.state();
      state.accept(invocation);
      intents.allowed(plan.id(), spawnChecks.judge(invocation));
      dispatcher.dispatch(invocation);
    }
    intents.send(plan.id());
  }

  private void onIntentWritten(String id, int round, int partition, long offset, Throwable error) {
    IntentWriter.Written intent = intents.written(id, round, partition, offset, error);
    if (intent == null) {
      return;
    }
    InvocationState invocation = intent.plan().state();
    changes.intent(intent.plan().head().recordKey(), intent.head(), intent.chunks());
    changes.consumed(new TopicPartition(topics.invocations(), intent.partition()), intent.nextOffset());
    List<Spawn> allowed;
    if (intent.carried()) {
      held.release(id).forEach(changes::consumed);
      allowed = intent.allowed();
    } else {
      state.accept(invocation);
      allowed = spawnChecks.judge(invocation);
      dispatcher.dispatch(invocation);
    }
    log.debug("invocation {} accepted with {} tasks", id, invocation.tasks().size());
    intent.replies().forEach(r -> r.complete(new SubmitOutcome.Accepted(invocation, false)));
    spawnChecks.announce(allowed);
  }

  // ---- results and events ----

  private void onConsumedResult(ConsumedResult consumed) {
    changes.consumed(consumed.partition(), consumed.offset() + 1);
    if (consumed.result() != null) {
      outcomes.onResult(consumed.result(), consumed.raw());
    }
  }

  private void onStarted(TaskEvent.Started event) {
    if (state.started(event)) {
      feed.status(event.key(), state.task(event.key()).orElseThrow().snapshot());
    }
  }

  private InvocationState invocationOf(TaskState task) {
    return state.invocation(task.key().invocationId()).orElseThrow();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.close();
  }
}
