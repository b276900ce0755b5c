package io.switchboard.dist;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * For crash tests, set on a coordinator with {@code --kafka-property interceptor.classes=...}: the intent
 * records of invocations whose id starts with {@code lost-} go to the audit topic (which nothing reads)
 * instead of {@code <p>.invocations}, as if the coordinator had stopped before they got in. Plain consumers
 * (the same property reaches them) are left alone; share consumers refuse interceptors, so the coordinator
 * runs without its local executor.
 */
public final class LostIntents implements ProducerInterceptor<String, byte[]>, ConsumerInterceptor<String, byte[]> {

  private static final String INVOCATIONS = ".invocations";

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    if (!record.topic().endsWith(INVOCATIONS) || record.key() == null || !record.key().startsWith("lost-")) {
      return record;
    }
    String audit = record.topic().substring(0, record.topic().length() - INVOCATIONS.length()) + ".audit";
    return new ProducerRecord<>(audit, null, record.timestamp(), record.key(), record.value(), record.headers());
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public ConsumerRecords<String, byte[]> onConsume(ConsumerRecords<String, byte[]> records) {
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
