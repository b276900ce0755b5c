package io.switchboard.coordinator.context;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.ContextEntry;
import io.switchboard.coordinator.recovery.TopicSnapshotReader;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.store.StateStore;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the context index on start, like the rest of the state: the entries the store holds, then the
 * tail of {@code <p>.contexts} after the stored offsets (from offset 0 when the store is empty or was
 * lost), storing what the tail adds. Runs before the engine starts.
 */
public final class ContextRecovery {

  private static final Logger log = LoggerFactory.getLogger(ContextRecovery.class);

  private ContextRecovery() {}

  /**
   * Rebuilds {@code index}.
   *
   * @throws IllegalStateException when the store holds an unreadable entry (the caller rebuilds from the
   *     topics alone)
   */
  public static void rebuild(KafkaClients clients, Topics topics, StateStore store, ContextIndex index,
      DeadLetters deadLetters) {
    long start = System.nanoTime();
    Map<TopicPartition, Long> from = store.offsets();
    int[] fromStore = {0};
    store.contexts((key, value) -> {
      switch (JsonCodec.decode(value, ContextEntry.class)) {
        case Decoded.Ok<ContextEntry> ok -> {
          index.added(ok.value());
          fromStore[0]++;
        }
        case Decoded.Invalid<ContextEntry> bad -> throw new IllegalStateException(
            "the state store holds an unreadable context entry " + key + ": " + bad.rejection().message());
      }
    });
    int[] fromTopic = {0};
    Changes changes = new Changes();
    try (var reader = TopicSnapshotReader.open(clients, "switchboard-recovery-contexts")) {
      Map<TopicPartition, Long> end = reader.read(reader.partitions(topics.contexts()), from, batch -> {
        for (var record : batch) {
          switch (WireRecords.read(record, ContextEntry.class)) {
            case Decoded.Ok<ContextEntry> ok -> {
              index.added(ok.value());
              changes.contextEntry(ok.value().contextId(), ok.value().seq(), record.value());
              fromTopic[0]++;
            }
            case Decoded.Invalid<ContextEntry> bad -> deadLetters.unreadable(record, bad.rejection());
          }
          changes.consumed(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        store.write(changes);
        changes.clear();
      });
      end.forEach(changes::consumed);
      store.write(changes);
    }
    log.info("recovery: {} context entries ({} from the state store, {} from {}) in {} ms",
        fromStore[0] + fromTopic[0], fromStore[0], fromTopic[0], topics.contexts(),
        (System.nanoTime() - start) / 1_000_000);
  }
}
