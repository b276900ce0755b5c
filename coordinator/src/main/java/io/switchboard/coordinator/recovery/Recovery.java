package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.StepTimes;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.supervisor.Supervisor;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.store.CompactionHold;
import io.switchboard.coordinator.store.StateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the coordinator's state back after a start, Kafka being the source of truth and the state store
 * a view of it:
 *
 * <ol>
 *   <li><b>restoring</b>: the intents the store holds for invocations not finished are read; then the tail
 *       of {@code <p>.results} after the stored offsets, each task's result kept in the store as live
 *       processing would have applied it ({@link ResultsAhead}); then the tail of {@code <p>.invocations}.
 *       A complete intent becomes an invocation in memory, unless the results show it finished plainly
 *       (every task succeeded at its only attempt): that one goes to disk as it is, never decoded into tasks;
 *   <li><b>catching up</b>: the task topics are the dispatch log (a task whose envelope is there is never
 *       sent again), read after the stored offsets; then the stored results of the invocations in memory
 *       are applied through the supervisor (the first terminal result per task and attempt wins, as live);
 *   <li>then the engine resumes every unfinished window and the live results feed goes on from exactly where
 *       this read stopped.
 * </ol>
 *
 * Finished invocations (marked in the store's {@code finished} column) are not read: they stay on disk and
 * {@link StoredHistory} loads one when asked for. Restored invocations found finished at the end are marked
 * and dropped from memory, so the next start skips them too.
 *
 * <p>An empty store (first start, or a store that was missing or corrupt) means every offset is the beginning:
 * a full rebuild from the topics, where most of the history is finished and goes to disk unread. What the
 * tails add is written to the store as it is read, with the offsets it covers, so the next start is fast and
 * a start stopped half-way leaves a store the next one continues from. The appliers are the engine's own
 * ({@link CoordinatorState}); this runs before the engine thread starts.
 */
public final class Recovery {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  /** Invocations whose stored results are applied together, those finished then going to disk. */
  private static final int SLICE = 256;

  /**
   * What the rebuild read.
   *
   * @param resultsEnd where the live results feed starts
   * @param invocations invocations restored into memory
   * @param onDisk finished invocations left on disk, not read
   * @param fromStore results that came from the store rather than from the topic
   * @param adopted invocations restored from the intent their task's envelope carried, the intent itself
   *     missing from {@code <p>.invocations} (written there again)
   */
  public record Rebuilt(Map<TopicPartition, Long> resultsEnd, int invocations, int unfinished, int onDisk,
      int dispatched, int results, int fromStore, int adopted, long millis) {}

  private final KafkaClients clients;
  private final Topics topics;
  private final CoordinatorState state;
  private final Readiness readiness;
  private final DeadLetters deadLetters;
  private final StateStore store;
  private final Supervisor supervisor;
  private final CarriedIntents carried;

  /** @param producer writes again the intents restored from envelopes */
  public Recovery(KafkaClients clients, Topics topics, CoordinatorState state, Readiness readiness,
      DeadLetters deadLetters, StateStore store, Supervisor supervisor, Producer<String, byte[]> producer) {
    this.supervisor = supervisor;
    this.carried = new CarriedIntents(producer, topics, state);
    this.clients = clients;
    this.topics = topics;
    this.state = state;
    this.readiness = readiness;
    this.deadLetters = deadLetters;
    this.store = store;
  }

  public Rebuilt rebuild() {
    long start = System.nanoTime();
    StepTimes steps = new StepTimes();
    Map<TopicPartition, Long> from = store.offsets();
    readiness.moveTo(Readiness.State.RESTORING, from.isEmpty() ? "rebuilding from the topics (empty state store)"
        : "loading the state store");
    // finished invocations stay on disk, loaded when asked for; a child is restored to list it under its parent
    Set<String> onDisk = new HashSet<>();
    store.finished((id, hasParent) -> {
      if (!hasParent) {
        onDisk.add(id);
      }
    });
    // only what the invocations to restore need is read, by their keys: not the whole history
    SortedSet<String> restoring = new TreeSet<>();
    store.headIds(id -> {
      if (!onDisk.contains(id)) {
        restoring.add(id);
      }
    });
    IntentAssembler intents = new IntentAssembler();
    try (var decoder = OrderedDecoder.stored(InvocationRecord.class, intents::add)) {
      store.chunksOf(restoring, (key, value) -> decoder.add(value));
      store.headsOf(restoring, (key, value) -> decoder.add(value));
    }
    steps.done("stored intents");
    readiness.moveTo(Readiness.State.RESTORING, "reading " + topics.invocations());
    // a full rebuild loads the whole history in no key order: compacted once at the end, not all along
    Optional<CompactionHold> held = from.isEmpty() ? Optional.of(store.holdCompactions())
        : Optional.empty();
    try (var reader = TopicSnapshotReader.open(clients, "switchboard-recovery",
        new DispatchLogValues(topics::isTaskTopic))) {
      return readTopics(reader, new TailReader(reader, store), from, onDisk, intents, held, steps, start);
    } finally {
      held.ifPresent(CompactionHold::close);
    }
  }

  /** The rest of the rebuild, every topic read through one reader. */
  private Rebuilt readTopics(TopicSnapshotReader reader, TailReader tails, Map<TopicPartition, Long> from,
      Set<String> onDisk, IntentAssembler intents, Optional<CompactionHold> held, StepTimes steps,
      long start) {
    // the results before the intents: an invocation they show finished plainly is never restored into memory
    readiness.moveTo(Readiness.State.RESTORING, "reading " + topics.results());
    ResultsAhead ahead = new ResultsAhead();
    int[] results = {0};
    // what an earlier start stored is looked up beside the decoding, on every core (an empty store has none)
    Function<ConsumerRecord<String, byte[]>, Decoded<TailResult>> decode = record ->
        switch (WireRecords.read(record, TaskResult.class)) {
          case Decoded.Ok<TaskResult> ok -> new Decoded.Ok<>(new TailResult(ok.value(),
              from.isEmpty() || onDisk.contains(ok.value().key().invocationId()) ? OptionalInt.empty()
                  : storedAttempt(ok.value().key().toString())));
          case Decoded.Invalid<TaskResult> bad -> new Decoded.Invalid<>(bad.rejection());
        };
    Map<TopicPartition, Long> resultsEnd = tails.read(reader.partitions(topics.results()), from, decode,
        (record, decoded, changes) -> {
          switch (decoded) {
            case Decoded.Ok<TailResult> ok -> {
              results[0]++;
              TaskResult result = ok.value().result();
              // a finished invocation on disk takes no result any more, as live
              if (!onDisk.contains(result.key().invocationId()) && ahead.keep(result, ok.value().stored())) {
                changes.result(result.key().toString(), record.value());
              }
            }
            case Decoded.Invalid<TailResult> bad -> deadLetters.unreadable(record, bad.rejection());
          }
        });
    steps.done("results topic");

    readiness.moveTo(Readiness.State.RESTORING, "reading " + topics.invocations());
    int onDiskBefore = onDisk.size();
    tails.read(reader.partitions(topics.invocations()), from, IntentRead::of,
        (record, decoded, changes) -> {
          switch (decoded) {
            case Decoded.Ok<IntentRead> ok -> {
              switch (ok.value()) {
                case IntentRead.Scanned(ScannedChunk chunk) -> {
                  intents.add(chunk);
                  changes.chunk(chunk.invocationId() + "/chunks/" + chunk.chunk(), record.value());
                }
                case IntentRead.Whole(InvocationRecord.InvocationAccepted head) -> {
                  intents.add(head);
                  changes.intent(head.recordKey(), record.value(), Map.of());
                  settleIfPlain(head.invocationId(), intents, ahead, onDisk, changes);
                }
                case IntentRead.Whole(InvocationRecord.TargetsChunk chunk) -> {
                  intents.add(chunk);
                  changes.chunk(chunk.recordKey(), record.value());
                }
              }
            }
            case Decoded.Invalid<IntentRead> bad -> deadLetters.unreadable(record, bad.rejection());
          }
        });
    // a head read from the topic whose chunks were stored by an earlier start, in an earlier batch
    Set<String> incomplete = intents.missingChunks();
    if (!incomplete.isEmpty()) {
      try (var decoder = OrderedDecoder.stored(InvocationRecord.class, intents::add)) {
        store.chunksOf(new TreeSet<>(incomplete), (key, value) -> decoder.add(value));
      }
    }
    steps.done("intents topic");
    int restored = restore(intents, onDisk, ahead);
    int finishedUnread = onDisk.size() - onDiskBefore;
    state.onDisk(onDisk.size());
    steps.done("intents restored");

    readiness.moveTo(Readiness.State.CATCHING_UP, "reading the dispatch log (task topics)");
    int[] dispatched = {0};
    store.dispatchedOf(state.inMemoryIds(), (key, attempt) -> {
      if (state.dispatchedBefore(TaskKey.parse(key), attempt)) {
        dispatched[0]++;
      }
    });
    steps.done("stored dispatch log");
    int[] adopted = {0};
    // every runner's topic: an envelope sent beside its intent may hold the only copy of that intent
    List<TopicPartition> partitions = reader.partitions(topics::isTaskTopic);
    tails.read(partitions, from, Dispatch::of, (record, decoded, changes) -> {
      if (decoded instanceof Decoded.Ok<Dispatch> ok) {
        String invocationId = ok.value().key().invocationId();
        if (onDisk.contains(invocationId)) {
          return; // finished: what was sent no longer matters
        }
        if (!state.knows(invocationId) && carried.adopt(record, changes)) {
          adopted[0]++;
        }
        changes.dispatched(ok.value().key().toString(), ok.value().attempt());
        if (state.dispatchedBefore(ok.value().key(), ok.value().attempt())) {
          dispatched[0]++;
        }
      }
    });
    steps.done("task topics");
    forgetStrays(ahead, onDisk);

    readiness.moveTo(Readiness.State.CATCHING_UP, "applying the results of " + state.inMemoryCount()
        + " invocations");
    int[] fromStore = {0};
    int[] finishedNow = {0};
    // the results of those restored, through the supervisor as live (a failure it restarts is retried after
    // the resume); a slice of invocations at a time, those finished going to disk after their slice
    List<String> inMemory = new ArrayList<>(state.inMemoryIds());
    for (int i = 0; i < inMemory.size(); i += SLICE) {
      SortedSet<String> slice = new TreeSet<>(inMemory.subList(i, Math.min(inMemory.size(), i + SLICE)));
      try (var decoder = OrderedDecoder.stored(TaskResult.class, result -> {
        state.result(result, supervisor);
        fromStore[0]++;
      })) {
        store.resultsOf(slice, (key, value) -> decoder.add(value));
      }
      finishedNow[0] += moveToDisk(slice.stream().flatMap(id -> state.inMemory(id).stream()).toList());
    }
    steps.done("results applied");
    if (held.isPresent()) {
      held.get().release();
      steps.done("store compacted");
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Rebuilt rebuilt = new Rebuilt(resultsEnd, restored, state.unfinished().size(), onDisk.size(),
        dispatched[0], results[0], fromStore[0], adopted[0], millis);
    log.info("recovery: ready in {} ms: {} invocations restored ({} unfinished, {} finished now moved to disk, "
        + "{} from their envelopes), {} finished ones on disk ({} of them found finished by their results and "
        + "not restored); {} tasks already dispatched, {} results read from the topic, {} applied; {}", millis,
        rebuilt.invocations() + adopted[0], rebuilt.unfinished(), finishedNow[0], adopted[0], rebuilt.onDisk(),
        finishedUnread, rebuilt.dispatched(), rebuilt.results(), rebuilt.fromStore(), steps);
    return rebuilt;
  }

  /**
   * Sends {@code invocationId} to disk as soon as its intent is complete, if the results show it finished
   * plainly: a long history's targets are then never held all at once (most of a rebuild's intents are of
   * such invocations). Its mark is stored with its head, in the same batch.
   */
  private static void settleIfPlain(String invocationId, IntentAssembler intents, ResultsAhead ahead,
      Set<String> onDisk, Changes changes) {
    if (onDisk.contains(invocationId)) {
      return; // finished before this start: restore() says so
    }
    Optional<IntentAssembler.Intent> intent = intents.completed(invocationId);
    if (intent.isPresent() && ahead.finishedPlainly(intent.get())) {
      changes.finished(invocationId, false);
      onDisk.add(invocationId);
      intents.forget(invocationId);
      ahead.forget(invocationId);
    }
  }

  /**
   * Puts the complete intents into the state, except those of invocations finished on disk and those the
   * results show finished plainly, which go to disk as they are (marked before any other is restored: a
   * child restored looks its parent task up there). Nothing here keeps them after: the state lets a
   * finished one go while the results are applied.
   *
   * @return how many were restored into memory
   */
  private int restore(IntentAssembler intents, Set<String> onDisk, ResultsAhead ahead) {
    List<IntentAssembler.Intent> toRestore = new ArrayList<>();
    Changes finished = new Changes();
    for (IntentAssembler.Intent intent : intents.completeIntents()) {
      if (onDisk.contains(intent.invocationId())) {
        log.warn("invocation {} is finished, its intent read again is ignored", intent.invocationId());
      } else if (ahead.finishedPlainly(intent)) {
        finished.finished(intent.invocationId(), false);
        onDisk.add(intent.invocationId());
      } else {
        toRestore.add(intent);
      }
    }
    store.write(finished);
    int restored = 0;
    for (IntentAssembler.Intent intent : toRestore) {
      Optional<InvocationState> invocation = intent.toState();
      if (invocation.isPresent()) {
        state.accept(invocation.get());
        restored++;
      }
    }
    return restored;
  }

  /**
   * Drops the stored results of tasks that turned out to be of no invocation (live processing ignores such a
   * result and does not store it).
   */
  private void forgetStrays(ResultsAhead ahead, Set<String> onDisk) {
    SortedSet<String> strays = new TreeSet<>();
    for (String id : ahead.invocations()) {
      if (!onDisk.contains(id) && state.inMemory(id).isEmpty()) {
        strays.add(id);
      }
    }
    if (strays.isEmpty()) {
      return;
    }
    Changes changes = new Changes();
    store.resultsOf(strays, (key, value) -> changes.resultGone(key));
    store.write(changes);
    log.warn("{} invocations have results but no intent; their results are ignored (e.g. {})", strays.size(),
        strays.first());
  }

  /** The attempt of the result an earlier start stored for this task, if any. */
  private OptionalInt storedAttempt(String taskKey) {
    byte[] value = store.result(taskKey);
    if (value == null) {
      return OptionalInt.empty();
    }
    return switch (JsonCodec.decode(value, TaskResult.class)) {
      case Decoded.Ok<TaskResult> ok -> OptionalInt.of(ok.value().attempt());
      case Decoded.Invalid<TaskResult> bad -> throw new IllegalStateException(
          "the state store holds an unreadable TaskResult: " + bad.rejection().message());
    };
  }

  /**
   * Marks those of {@code candidates} that are finished as such in the store and drops them from memory:
   * the next start does not read them (a store written before this mark, or rebuilt from the topics,
   * gets it here).
   *
   * @return how many went to disk
   */
  private int moveToDisk(List<InvocationState> candidates) {
    List<InvocationState> finished = candidates.stream().filter(InvocationState::isFinished).toList();
    if (finished.isEmpty()) {
      return 0;
    }
    Changes changes = new Changes();
    finished.forEach(i -> changes.finished(i.id(), i.options().parentTaskId() != null));
    store.write(changes);
    finished.forEach(state::evict);
    return finished.size();
  }

  /** A result of the topic's tail, and the attempt of the result an earlier start stored for its task. */
  private record TailResult(TaskResult result, OptionalInt stored) {}
}
