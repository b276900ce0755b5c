package io.switchboard.coordinator.context;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.ContextAppend;
import io.switchboard.common.model.ContextEntryKind;
import io.switchboard.common.model.ContextScope;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.ContextEntry;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.hook.SpawnHook;
import io.switchboard.coordinator.state.CoordinatorState;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends entries to contexts under the engine's one writer thread: the seq is assigned there, the entry
 * goes to {@code <p>.contexts} keyed by its context id (one partition per context, so in seq order), and
 * only once Kafka acknowledged it is it added to the index, stored with its offset, and answered. Also
 * appends a {@code shared} child's output to the shared context when it succeeds (a hook after
 * terminate), and after a restart any such output whose append was lost.
 */
public final class ContextWriter {

  private static final Logger log = LoggerFactory.getLogger(ContextWriter.class);

  private final ContextIndex index;
  private final CoordinatorState state;
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock;
  private final Set<TaskKey> outputsInFlight = new HashSet<>();
  private volatile Engine engine;

  public ContextWriter(ContextIndex index, CoordinatorState state, Producer<String, byte[]> producer, Topics topics,
      Clock clock) {
    this.index = index;
    this.state = state;
    this.producer = producer;
    this.topics = topics;
    this.clock = clock;
  }

  /** Binds the engine whose thread runs the appends (the engine needs the writer's hook to be built). */
  public void bind(Engine target) {
    this.engine = target;
  }

  /** Appends {@code body} to the context {@code key} reads and writes (its own or its shared owner's). */
  public CompletableFuture<AppendOutcome> append(TaskKey key, ContextAppend body) {
    CompletableFuture<AppendOutcome> reply = new CompletableFuture<>();
    engine.onEngine(changes -> {
      var owner = index.ownerOf(key);
      if (owner.isEmpty()) {
        reply.complete(new AppendOutcome.NotFound(key));
      } else if (!index.isOpen(owner.get())) {
        reply.complete(new AppendOutcome.Closed(owner.get()));
      } else {
        send(new ContextEntry(owner.get().toString(), index.reserve(owner.get()), ContextEntryKind.MESSAGE,
            body.roleOrDefault(), body.content(), body.data(), body.author(), clock.instant()), reply);
      }
    });
    return reply;
  }

  /** The hook that carries a shared child's output into the shared context. */
  public SpawnHook outputHook() {
    return new SpawnHook() {
      @Override
      public void afterTerminate(TaskSnapshot snapshot, String caller) {
        appendOutput(snapshot.key());
      }
    };
  }

  /**
   * After recovery: appends the outputs of succeeded shared tasks that are missing from their contexts.
   * Only an open context takes one, and its owner is an unfinished task, which is in memory: the walk
   * starts from those and goes down through shared children (whose shared children write to the same
   * context), never through the finished history.
   */
  public void repair() {
    engine.onEngine(changes -> {
      Set<TaskKey> seen = new HashSet<>();
      Deque<TaskKey> shared = new ArrayDeque<>();
      state.unfinishedTasks().forEach(task -> pushSharedChildren(task.key(), seen, shared));
      while (!shared.isEmpty()) {
        TaskKey key = shared.pop();
        appendOutput(key);
        pushSharedChildren(key, seen, shared);
      }
    });
  }

  private void pushSharedChildren(TaskKey parent, Set<TaskKey> seen, Deque<TaskKey> into) {
    for (TaskKey child : state.children(parent)) {
      if (index.scopeOf(child) == ContextScope.SHARED && seen.add(child)) {
        into.push(child);
      }
    }
  }

  /** On the engine thread: a succeeded shared child's output, once per task. */
  private void appendOutput(TaskKey key) {
    if (index.scopeOf(key) != ContextScope.SHARED || outputsInFlight.contains(key)) {
      return;
    }
    TaskSnapshot snapshot = state.task(key).map(t -> t.snapshot()).orElse(null);
    if (snapshot == null || snapshot.status() != TaskStatus.SUCCEEDED || snapshot.outcome() == null) {
      return;
    }
    TaskKey owner = index.ownerOf(key).orElse(null);
    if (owner == null || index.hasOutputOf(owner, key)) {
      return;
    }
    if (!index.isOpen(owner)) {
      log.debug("task {}: its shared context {} is closed (the owner finished); output not appended", key, owner);
      return;
    }
    outputsInFlight.add(key);
    ContextEntry entry = new ContextEntry(owner.toString(), index.reserve(owner), ContextEntryKind.OUTPUT,
        "assistant", snapshot.outcome().output(), snapshot.outcome().structured(), key.toString(), clock.instant());
    CompletableFuture<AppendOutcome> done = new CompletableFuture<>();
    done.whenComplete((outcome, e) -> engine.onEngine(changes -> outputsInFlight.remove(key)));
    send(entry, done);
  }

  private void send(ContextEntry entry, CompletableFuture<AppendOutcome> reply) {
    var record = WireRecords.of(topics.contexts(), entry.contextId(), entry);
    producer.send(record, (meta, error) -> engine.onEngine(changes -> {
      if (error != null) {
        log.warn("context {}: entry {} not appended: {}", entry.contextId(), entry.seq(), error.toString());
        reply.complete(new AppendOutcome.Unavailable("cannot write to Kafka: " + error));
        return;
      }
      index.added(entry);
      changes.contextEntry(entry.contextId(), entry.seq(), record.value());
      changes.consumed(new TopicPartition(meta.topic(), meta.partition()), meta.offset() + 1);
      log.debug("context {}: entry {} appended ({})", entry.contextId(), entry.seq(), entry.kind().wireName());
      reply.complete(new AppendOutcome.Appended(entry));
    }));
  }
}
