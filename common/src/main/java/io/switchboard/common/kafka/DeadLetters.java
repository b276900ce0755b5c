package io.switchboard.common.kafka;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.wire.DeadLetter;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be processed to the dead-letter topic with the reason, so that one bad
 * record never stops a consumer loop.
 */
public final class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<String, byte[]> producer;
  private final String dlqTopic;
  private final Clock clock;

  public DeadLetters(Producer<String, byte[]> producer, String dlqTopic, Clock clock) {
    this.producer = producer;
    this.dlqTopic = dlqTopic;
    this.clock = clock;
  }

  /** Dead-letters a record that could not be read. */
  public void unreadable(ConsumerRecord<String, byte[]> record, Rejection why) {
    String reason = "unreadable: " + why.code().wireName() + (why.field() == null ? "" : " at " + why.field())
        + ": " + why.message();
    send(record, reason);
  }

  /** Dead-letters a record with a reason of the caller's. */
  public void send(ConsumerRecord<String, byte[]> record, String reason) {
    DeadLetter letter = DeadLetter.of(record.key(), record.topic(), record.partition(), record.offset(), reason,
        record.value(), record.headers(), clock.instant());
    log.warn("dead-lettering {}-{}@{} key={}: {}", record.topic(), record.partition(), record.offset(),
        record.key(), reason);
    producer.send(WireRecords.of(dlqTopic, record.key() == null ? "" : record.key(), letter), (meta, e) -> {
      if (e != null) {
        log.error("cannot write dead letter for {}-{}@{}: {}", record.topic(), record.partition(),
            record.offset(), e.toString());
      }
    });
  }
}
