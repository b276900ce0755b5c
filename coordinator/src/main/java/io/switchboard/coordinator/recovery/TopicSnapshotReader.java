package io.switchboard.coordinator.recovery;

import io.switchboard.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads partitions from given offsets (or the beginning) up to their end as it was when the read began,
 * batch by batch, and says where it stopped, so a live reader can go on from exactly there. One reader
 * reads one topic after another through the same consumer (no group, nothing committed).
 *
 * <p>Closing does not wait: a consumer's ordinary close waits for its fetch in flight, which the broker
 * holds up to {@code fetch.max.wait.ms} (500 ms) when the read is done and nothing new comes, and then
 * closes its fetch session; a start that read four topics through four consumers spent ~2 s there before it
 * was ready. Nothing is lost by not waiting: the broker drops an abandoned fetch session by itself. Nor
 * does the broker hold this reader's fetches ({@link KafkaClients#snapshotConsumer}): a fetch still in flight
 * when one topic's read is done held up the next topic's first request, that many milliseconds at each topic.
 */
public final class TopicSnapshotReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;

  private TopicSnapshotReader(KafkaConsumer<String, byte[]> consumer) {
    this.consumer = consumer;
  }

  public static TopicSnapshotReader open(KafkaClients clients, String clientId) {
    return new TopicSnapshotReader(clients.snapshotConsumer(clientId, new ByteArrayDeserializer()));
  }

  /** A reader whose record values {@code values} reads. */
  static TopicSnapshotReader open(KafkaClients clients, String clientId, Deserializer<byte[]> values) {
    return new TopicSnapshotReader(clients.snapshotConsumer(clientId, values));
  }

  /** The topic's partitions; empty when the topic does not exist. */
  public List<TopicPartition> partitions(String topic) {
    return partitions(topic::equals);
  }

  /** The partitions of every topic whose name {@code wanted} accepts, by topic name then partition. */
  public List<TopicPartition> partitions(Predicate<String> wanted) {
    Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(30));
    return all.entrySet().stream().filter(e -> wanted.test(e.getKey()))
        .flatMap(e -> e.getValue().stream().map(p -> new TopicPartition(e.getKey(), p.partition())))
        .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
        .toList();
  }

  /**
   * Reads {@code partitions} from {@code from} (missing = the beginning) to their end offsets now.
   *
   * @return the end offsets reached
   */
  public Map<TopicPartition, Long> read(List<TopicPartition> partitions, Map<TopicPartition, Long> from,
      Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
    consumer.assign(partitions);
    for (TopicPartition tp : partitions) {
      Long offset = from.get(tp);
      if (offset == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, offset);
      }
    }
    while (!reached(end)) {
      var records = consumer.poll(POLL);
      if (!records.isEmpty()) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        for (var record : records) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            batch.add(record);
          }
        }
        handler.accept(batch);
      }
    }
    consumer.unsubscribe();
    return end;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }
}
