package io.switchboard.worker;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.WireRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one topic from its beginning, as a test looks at what a worker wrote. */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  TopicReader(Map<String, Object> clientProperties, String topic) {
    Map<String, Object> props = new java.util.HashMap<>(clientProperties);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Every record of the topic up to now: reads until the end offsets as of this call. */
  synchronized List<ConsumerRecord<String, byte[]>> records() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    Instant giveUp = Instant.now().plusSeconds(10);
    do {
      consumer.poll(Duration.ofMillis(20)).forEach(records::add);
    } while (!reached(ends) && Instant.now().isBefore(giveUp));
    return List.copyOf(records);
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  /** The values of type {@code type} read so far (tombstones and unreadable records left out). */
  <T> List<T> values(Class<T> type) {
    List<T> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records()) {
      if (record.value() != null && WireRecords.read(record, type) instanceof Decoded.Ok<T> ok) {
        values.add(ok.value());
      }
    }
    return values;
  }

  /** Waits until the values of {@code type} satisfy {@code condition}; returns them. */
  <T> List<T> await(Class<T> type, Predicate<List<T>> condition, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    List<T> values = values(type);
    while (!condition.test(values)) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out after " + timeout + " waiting on " + type.getSimpleName()
            + " records; have " + values);
      }
      values = values(type);
    }
    return values;
  }

  /** Waits until the raw records satisfy {@code condition}; returns them. */
  List<ConsumerRecord<String, byte[]>> awaitRecords(Predicate<List<ConsumerRecord<String, byte[]>>> condition,
      Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    List<ConsumerRecord<String, byte[]>> all = records();
    while (!condition.test(all)) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out after " + timeout + " waiting on records; have " + all.size());
      }
      all = records();
    }
    return all;
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
