package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the coordinator's state from the topics, Kafka being the source of truth:
 *
 * <ol>
 *   <li><b>restoring</b>: every complete intent of {@code <p>.invocations} becomes an invocation with its
 *       tasks queued;
 *   <li><b>catching up</b>: the task topics are the dispatch log: a task whose envelope is there was sent
 *       before the restart and is not sent again; then every result of {@code <p>.results} is applied
 *       (first terminal result per task wins, as live);
 *   <li>then the engine resumes every unfinished window, and the live results feed goes on from exactly
 *       where this read stopped.
 * </ol>
 *
 * The appliers are the engine's own ({@link CoordinatorState}), so a rebuilt state cannot differ from
 * the live one. It runs before the engine thread starts.
 */
public final class Recovery {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /**
   * What the rebuild read.
   *
   * @param resultsEnd where the live results feed starts
   */
  public record Rebuilt(Map<TopicPartition, Long> resultsEnd, int invocations, int unfinished, int dispatched,
      int results, long millis) {}

  private final KafkaClients clients;
  private final Topics topics;
  private final CoordinatorState state;
  private final Readiness readiness;
  private final DeadLetters deadLetters;

  public Recovery(KafkaClients clients, Topics topics, CoordinatorState state, Readiness readiness,
      DeadLetters deadLetters) {
    this.clients = clients;
    this.topics = topics;
    this.state = state;
    this.readiness = readiness;
    this.deadLetters = deadLetters;
  }

  public Rebuilt rebuild() {
    long start = System.nanoTime();
    readiness.moveTo(Readiness.State.RESTORING, "reading " + topics.invocations());
    IntentAssembler intents = new IntentAssembler();
    try (var consumer = clients.assignedConsumer("switchboard-recovery-invocations")) {
      TopicSnapshotReader.read(consumer, TopicSnapshotReader.partitions(consumer, topics.invocations()), Map.of(),
          batch -> batch.forEach(record -> {
            switch (WireRecords.read(record, InvocationRecord.class)) {
              case Decoded.Ok<InvocationRecord> ok -> intents.add(ok.value());
              case Decoded.Invalid<InvocationRecord> bad -> deadLetters.unreadable(record, bad.rejection());
            }
          }));
    }
    List<InvocationState> invocations = intents.complete();
    invocations.forEach(state::accept);
    log.info("recovery: {} invocations restored from {}", invocations.size(), topics.invocations());

    readiness.moveTo(Readiness.State.CATCHING_UP, "reading the dispatch log (task topics)");
    TreeSet<String> runners = new TreeSet<>();
    for (InvocationState invocation : invocations) {
      if (!invocation.isDone()) {
        invocation.tasks().stream().map(TaskState::runner).forEach(runners::add);
      }
    }
    int[] dispatched = {0};
    try (var consumer = clients.assignedConsumer("switchboard-recovery-tasks")) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String runner : runners) {
        partitions.addAll(TopicSnapshotReader.partitions(consumer, topics.tasks(runner)));
      }
      TopicSnapshotReader.read(consumer, partitions, Map.of(), batch -> batch.forEach(record -> {
        if (WireRecords.read(record, TaskEnvelope.class) instanceof Decoded.Ok<TaskEnvelope> ok
            && state.dispatchedBefore(ok.value().key(), ok.value().attempt())) {
          dispatched[0]++;
        }
      }));
    }

    readiness.moveTo(Readiness.State.CATCHING_UP, "reading " + topics.results());
    int[] results = {0};
    Map<TopicPartition, Long> resultsEnd;
    try (var consumer = clients.assignedConsumer("switchboard-recovery-results")) {
      resultsEnd = TopicSnapshotReader.read(consumer, TopicSnapshotReader.partitions(consumer, topics.results()),
          Map.of(), batch -> batch.forEach(record -> {
            switch (WireRecords.read(record, TaskResult.class)) {
              case Decoded.Ok<TaskResult> ok -> {
                state.finished(ok.value(), false);
                results[0]++;
              }
              case Decoded.Invalid<TaskResult> bad -> deadLetters.unreadable(record, bad.rejection());
            }
          }));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Rebuilt rebuilt = new Rebuilt(resultsEnd, invocations.size(), state.unfinished().size(), dispatched[0],
        results[0], millis);
    log.info("recovery: rebuilt in {} ms: {} invocations ({} unfinished), {} tasks already dispatched, {} results",
        millis, rebuilt.invocations(), rebuilt.unfinished(), rebuilt.dispatched(), rebuilt.results());
    return rebuilt;
  }
}
