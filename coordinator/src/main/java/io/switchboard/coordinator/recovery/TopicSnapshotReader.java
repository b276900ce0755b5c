package io.switchboard.coordinator.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of a topic from given offsets (or the beginning) up to its end as it was when
 * the read began, batch by batch, and says where it stopped, so a live reader can go on from exactly
 * there.
 */
public final class TopicSnapshotReader {

  private static final Duration POLL = Duration.ofMillis(200);

  private TopicSnapshotReader() {}

  /** The topic's partitions; empty when the topic does not exist. */
  public static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
    return partitions(consumer, topic::equals);
  }

  /** The partitions of every topic whose name {@code wanted} accepts, by topic name then partition. */
  public static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, Predicate<String> wanted) {
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
  public static Map<TopicPartition, Long> read(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> from, Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
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
    while (!reached(consumer, end)) {
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
    return end;
  }

  private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
