package io.switchboard.coordinator.engine;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.ControlMessage;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.dispatch.EnvelopeFactory;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import io.switchboard.coordinator.feed.ConsumedResult;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.coordinator.state.Applied;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.coordinator.hook.Spawn;
import io.switchboard.coordinator.hook.SpawnHook;
import io.switchboard.coordinator.supervisor.Supervisor;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.store.StateStore;
import org.apache.kafka.common.TopicPartition;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns coordinator state. The API and the Kafka feeds hand it typed messages; it
 * applies them in order, writes to Kafka without ever blocking on a send, and answers through futures.
 */
public final class Engine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final Duration DISPATCH_RETRY = Duration.ofSeconds(1);

  private final CoordinatorState state;
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final EnvelopeFactory envelopes;
  private final Timers timers;
  private final TaskFeedEvents feed;
  private final Clock clock;
  private final Duration cancelGrace;
  private final Supervisor supervisor;
  private final Hooks hooks;
  private final BlockingQueue<EngineMessage> inbox = new LinkedBlockingQueue<>();
  private final IntentWriter intents;
  private final Cancellations cancellations;
  private final Watchdog watchdog;
  private final StateStore store;
  private final Changes changes = new Changes();
  /** Invocations this batch finished: out of memory once the batch is on disk. */
  private final java.util.Set<InvocationState> finishing = new java.util.LinkedHashSet<>();
  private final Thread thread;
  private volatile boolean running = true;

  public Engine(CoordinatorState state, Producer<String, byte[]> producer, Topics topics, EnvelopeFactory envelopes,
      Timers timers, TaskFeedEvents feed, Clock clock, Lifecycle lifecycle, StateStore store) {
    this.store = store;
    this.supervisor = lifecycle.supervisor();
    this.hooks = lifecycle.hooks();
    this.state = state;
    this.producer = producer;
    this.topics = topics;
    this.envelopes = envelopes;
    this.timers = timers;
    this.feed = feed;
    this.clock = clock;
    this.cancelGrace = lifecycle.cancelGrace();
    this.thread = Thread.ofPlatform().name("coordinator-engine").unstarted(this::loop);
    this.intents = new IntentWriter(producer, topics, inbox::add);
    this.cancellations = new Cancellations(state, producer, topics, timers, clock, cancelGrace,
        this::recordCancelled, task -> dispatch(invocationOf(task)));
    this.watchdog = new Watchdog(state, timers, clock, lifecycle.deadlineGrace(), lifecycle.taskLost(),
        this::recordFailed);
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
  public CompletableFuture<java.util.Optional<Integer>> retry(TaskKey key) {
    var reply = new CompletableFuture<java.util.Optional<Integer>>();
    post(() -> {
      var task = state.task(key).filter(t -> t.status() == TaskStatus.FAILED).map(state::reopen);
      task.ifPresent(t -> {
        changes.reopened(key.invocationId());
        finishing.remove(invocationOf(t));
        log.info("task {} retried from the dead-letter queue as attempt {}", key, t.attempt());
        redispatch(t, t.attempt());
      });
      reply.complete(task.map(TaskState::attempt));
    });
    return reply;
  }

  /** Runs a read-only {@code query} on the engine thread; its result must be an immutable snapshot. */
  public <T> CompletableFuture<T> query(java.util.function.Function<CoordinatorState, T> query) {
    return CompletableFuture.supplyAsync(() -> query.apply(state), this::post);
  }

  /** After a rebuild: fills the window of every unfinished invocation. */
  public void resume() {
    inbox.add(new EngineMessage.TimerFired(() -> {
      state.unfinished().forEach(this::dispatch);
      state.pendingRetries().forEach(task -> redispatch(task, task.attempt()));
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
  public void onEngine(java.util.function.Consumer<Changes> action) {
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
        for (EngineMessage message : batch) {
          handleSafely(message);
        }
        batch.clear();
        persist();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One WriteBatch per engine batch: the state changes and the offsets they cover. */
  private void persist() {
    if (changes.isEmpty()) {
      return;
    }
    try {
      store.write(changes);
      finishing.forEach(state::evict); // on disk now: loaded from there when asked for
    } catch (RuntimeException e) {
      log.error("cannot write the state store (a restart will rebuild it from the topics): {}", e.toString());
    }
    finishing.clear();
    changes.clear();
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
      case EngineMessage.IntentWritten m -> onIntentWritten(m.invocationId(), m.partition(), m.offset(), m.error());
      case EngineMessage.Dispatched m -> {
        changes.dispatched(m.key().toString(), m.attempt());
        changes.consumed(m.partition(), m.offset() + 1);
      }
      case EngineMessage.DispatchFailed m -> onDispatchFailed(m.key(), m.attempt(), m.error());
      case EngineMessage.ResultsRead m -> m.results().forEach(this::onConsumedResult);
      case EngineMessage.TaskStarted m -> onStarted(m.event());
      case EngineMessage.CancelTask m -> m.reply().complete(cancellations.cancel(m.key(), m.reason()));
      case EngineMessage.TimerFired m -> m.action().run();
    }
  }

  // ---- submit: intent first, then dispatch ----

  private void onSubmit(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply) {
    var existing = state.invocation(plan.id());
    if (existing.isPresent()) {
      reply.complete(Resubmission.compare(existing.get(), plan.invocation())
          .<SubmitOutcome>map(SubmitOutcome.Refused::new)
          .orElseGet(() -> new SubmitOutcome.Accepted(existing.get(), true)));
      return;
    }
    intents.write(plan, reply);
  }

  private void onIntentWritten(String id, int partition, long offset, Throwable error) {
    IntentWriter.Written intent = intents.written(id, partition, offset, error);
    if (intent == null) {
      return;
    }
    InvocationState invocation = intent.plan().state();
    state.accept(invocation);
    spawnHooks(invocation);
    changes.intent(intent.plan().head().recordKey(), intent.head(), intent.chunks());
    changes.consumed(new TopicPartition(topics.invocations(), intent.partition()), intent.nextOffset());
    log.debug("invocation {} accepted with {} tasks", id, invocation.tasks().size());
    dispatch(invocation);
    intent.replies().forEach(r -> r.complete(new SubmitOutcome.Accepted(invocation, false)));
  }

  /**
   * Before any task of a new invocation is sent, every hook judges each spawn; a vetoed task is recorded
   * {@code rejected_by_hook} with the reason and never dispatched.
   */
  private void spawnHooks(InvocationState invocation) {
    Map<String, Integer> ofAgentHere = new HashMap<>();
    invocation.tasks().forEach(t -> ofAgentHere.merge(t.agent().name(), 1, Integer::sum));
    Map<String, Integer> seenOfAgent = new HashMap<>();
    int newChildren = invocation.tasks().size();
    for (TaskState task : invocation.tasks()) {
      String agent = task.agent().name();
      int before = seenOfAgent.merge(agent, 1, Integer::sum) - 1;
      int siblings = task.parent() == null ? 0 : state.children(task.parent()).size() - newChildren + task.index();
      Spawn spawn = new Spawn(task.key(), task.parent(), agent, invocation.caller(), task.depth(), siblings,
          state.activeOf(agent) - ofAgentHere.get(agent) + before, clock.instant());
      if (hooks.beforeSpawn(spawn) instanceof SpawnHook.Verdict.Veto veto) {
        log.info("task {} vetoed by a hook: {}", task.key(), veto.reason());
        recordFailed(task, ErrorCode.REJECTED_BY_HOOK, veto.reason(), false);
      } else {
        hooks.afterSpawn(spawn);
      }
    }
  }

  /** Fills the invocation's window: tasks go out until {@code maxParallel} are in flight. */
  private void dispatch(InvocationState invocation) {
    for (TaskState task = invocation.nextToDispatch(); task != null; task = invocation.nextToDispatch()) {
      send(invocation, task);
    }
  }

  /** Sends a task's current attempt; its acknowledgement is the dispatch log's record of it. */
  private void send(InvocationState invocation, TaskState task) {
    int attempt = task.attempt();
    producer.send(WireRecords.envelope(topics.tasks(task.runner()), envelopes.envelope(task)),
        (meta, e) -> inbox.add(e != null ? new EngineMessage.DispatchFailed(task.key(), attempt, e)
            : new EngineMessage.Dispatched(task.key(), attempt, new TopicPartition(meta.topic(), meta.partition()),
                meta.offset())));
    state.dispatched(invocation, task);
    watchdog.armDeadline(task);
  }

  /** Sends the next attempt of a task whose failure its supervisor restarts. */
  private void redispatch(TaskState task, int attempt) {
    if (task.isTerminal() || task.attempt() != attempt || !task.retryPending()) {
      return;
    }
    log.info("task {} attempt {} dispatched (restart)", task.key(), attempt);
    send(invocationOf(task), task);
  }

  /** Journals a failure decided by the coordinator and applies it (supervised, like a worker's). */
  private void recordFailed(TaskState task, ErrorCode code, String message) {
    recordFailed(task, code, message, true);
  }

  /** {@code refill} false: the caller fills the window itself once it is done (no task sent early). */
  private void recordFailed(TaskState task, ErrorCode code, String message, boolean refill) {
    journal(task, new Outcome.Failed(TaskError.of(code, message)), task.snapshot().worker(), refill);
  }

  /**
   * Journals an outcome the coordinator decided to {@code <p>.results}, like a worker's, and applies it at
   * once (the copy read back later is a duplicate and ignored).
   */
  private void journal(TaskState task, Outcome outcome, String worker, boolean refill) {
    TaskResult result = TaskResult.of(task.key(), task.attempt(), outcome, worker, task.snapshot().startedAt(),
        clock.instant());
    var record = WireRecords.of(topics.results(), task.key().toString(), result);
    producer.send(record);
    if (refill) {
      onResult(result, record.value());
    } else {
      apply(result, record.value());
    }
  }

  private void onDispatchFailed(TaskKey key, int attempt, Throwable error) {
    state.task(key).filter(t -> !t.isTerminal() && t.attempt() == attempt && t.dispatched()).ifPresent(task -> {
      log.warn("task {} could not be dispatched, retrying in {}: {}", key, DISPATCH_RETRY, error.toString());
      InvocationState invocation = state.invocation(key.invocationId()).orElseThrow();
      state.dispatchFailed(invocation, task);
      timers.schedule(DISPATCH_RETRY, () -> dispatch(invocation));
    });
  }

  // ---- results and events ----

  private void onConsumedResult(ConsumedResult consumed) {
    changes.consumed(consumed.partition(), consumed.offset() + 1);
    if (consumed.result() != null) {
      onResult(consumed.result(), consumed.raw());
    }
  }

  /** Applies a terminal result, then refills its invocation's window. */
  private void onResult(TaskResult result, byte[] raw) {
    apply(result, raw).ifPresent(task -> dispatch(invocationOf(task)));
  }

  /**
   * Applies a terminal result without refilling any window (a cancel cascade refills once it is done, so
   * a sibling about to be cancelled is never sent). The result that wins is stored with its bytes.
   */
  private java.util.Optional<TaskState> apply(TaskResult result, byte[] raw) {
    return switch (state.result(result, supervisor)) {
      case Applied.Ignored ignored -> java.util.Optional.empty();
      case Applied.Retrying retrying -> {
        changes.result(retrying.task().key().toString(), raw);
        feed.status(retrying.task().key(), retrying.task().snapshot());
        log.info("task {} attempt {} failed ({}); restarting as attempt {} in {} ms", retrying.task().key(),
            result.attempt(), result.outcome().toTaskError().code().wireName(), retrying.nextAttempt(),
            retrying.backoff().toMillis());
        timers.schedule(retrying.backoff(), () -> redispatch(retrying.task(), retrying.nextAttempt()));
        yield java.util.Optional.empty();
      }
      case Applied.Finished finished -> java.util.Optional.of(afterFinish(finished.task(), raw));
      case Applied.Escalated escalated -> {
        TaskState task = afterFinish(escalated.task(), raw);
        escalate(task, result);
        yield java.util.Optional.of(task);
      }
    };
  }

  private TaskState afterFinish(TaskState task, byte[] raw) {
    changes.result(task.key().toString(), raw);
    feed.result(task.key(), task.outcome());
    InvocationState invocation = invocationOf(task);
    hooks.afterTerminate(task.snapshot(), invocation.caller());
    if (invocation.isFinished()) {
      changes.finished(invocation.id(), invocation.options().parentTaskId() != null);
      finishing.add(invocation);
    }
    if (task.status() == TaskStatus.FAILED && Boolean.TRUE.equals(invocation.options().failFast())) {
      for (TaskState sibling : invocation.tasks()) {
        if (!sibling.isTerminal()) {
          cancellations.cancelTree(sibling, "failFast: sibling " + task.key().taskId() + " failed");
        }
      }
    }
    return task;
  }

  /**
   * The supervisor escalated a child's failure: its parent task fails with {@code escalated} and the
   * cause (and is supervised in turn), and the parent's other unfinished descendants are cancelled.
   */
  private void escalate(TaskState child, TaskResult result) {
    if (child.parent() == null) {
      return;
    }
    state.task(child.parent()).filter(parent -> !parent.isTerminal()).ifPresent(parent -> {
      TaskError cause = result.outcome().toTaskError();
      String message = "child " + child.key() + " failed: " + cause.code().wireName() + ": " + cause.message();
      log.info("task {} escalates to its parent {}: {}", child.key(), parent.key(), message);
      if (parent.dispatched()) {
        producer.send(WireRecords.of(topics.control(), parent.key().toString(),
            new ControlMessage.CancelTask(parent.key(), "escalated: " + message, clock.instant())));
      }
      for (TaskKey sibling : state.children(parent.key())) {
        state.task(sibling).filter(t -> !t.isTerminal())
            .ifPresent(t -> cancellations.cancelTree(t, "parent " + parent.key() + " failed: " + message));
      }
      recordFailed(parent, ErrorCode.ESCALATED, message);
    });
  }

  private InvocationState invocationOf(TaskState task) {
    return state.invocation(task.key().invocationId()).orElseThrow();
  }

  private void onStarted(TaskEvent.Started event) {
    if (state.started(event)) {
      feed.status(event.key(), state.task(event.key()).orElseThrow().snapshot());
    }
  }

  // ---- cancel ----

  /** Journals a cancelled outcome decided by the coordinator, and applies it at once. */
  private void recordCancelled(TaskState task, String reason) {
    journal(task, new Outcome.Cancelled(reason), null, false);
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
