package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.store.StateStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic's tail after the offsets the store holds, storing each batch's changes with the offsets they
 * cover (so a start stopped half-way leaves a store the next one goes on from). Each batch is decoded on
 * every core, then applied in order on the calling thread ({@link OrderedDecoder}).
 */
final class TailReader {

  /** What a record read means for the state: applied in order, its changes added to its batch's. */
  @FunctionalInterface
  interface Applier<T> {
    void apply(ConsumerRecord<String, byte[]> record, Decoded<T> decoded, Changes changes);
  }

  private final TopicSnapshotReader reader;
  private final StateStore store;

  TailReader(TopicSnapshotReader reader, StateStore store) {
    this.reader = reader;
    this.store = store;
  }

  /**
   * Reads {@code partitions} from {@code from} (missing = the beginning) to their end.
   *
   * @param decode decodes one record (on any thread)
   * @return the end offsets reached
   */
  <T> Map<TopicPartition, Long> read(List<TopicPartition> partitions, Map<TopicPartition, Long> from,
      Function<ConsumerRecord<String, byte[]>, Decoded<T>> decode, Applier<T> applier) {
    Changes changes = new Changes();
    Map<TopicPartition, Long> end = reader.read(partitions, from, batch -> {
      var decoder = new OrderedDecoder<ConsumerRecord<String, byte[]>, Read<T>>(
          record -> new Read<>(record, decode.apply(record)), ConsumerRecord::serializedValueSize, read -> {
            applier.apply(read.record(), read.decoded(), changes);
            changes.consumed(new TopicPartition(read.record().topic(), read.record().partition()),
                read.record().offset() + 1);
          });
      batch.forEach(decoder::add);
      decoder.flush();
      store.write(changes);
      changes.clear();
    });
    end.forEach(changes::consumed); // also past what compaction or deletion left out
    store.write(changes);
    return end;
  }

  private record Read<T>(ConsumerRecord<String, byte[]> record, Decoded<T> decoded) {}
}
