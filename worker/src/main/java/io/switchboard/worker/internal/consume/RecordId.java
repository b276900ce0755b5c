package io.switchboard.worker.internal.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record sits: what identifies a renewed record when Kafka hands it back. */
record RecordId(String topic, int partition, long offset) {

  static RecordId of(ConsumerRecord<?, ?> record) {
    return new RecordId(record.topic(), record.partition(), record.offset());
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
