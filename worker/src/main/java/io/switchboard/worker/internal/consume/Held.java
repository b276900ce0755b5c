package io.switchboard.worker.internal.consume;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a lane holds while its task runs. Between a RENEW and the poll that hands the record back,
 * it has no record to acknowledge ({@link #awaitingReturn()}). Used by the lane's thread only.
 */
final class Held {

  private final RecordId id;
  private final CompletableFuture<AcknowledgeType> outcome;
  private ConsumerRecord<String, byte[]> record;
  private long lockedAt;

  Held(ConsumerRecord<String, byte[]> record, CompletableFuture<AcknowledgeType> outcome, long now) {
    this.id = RecordId.of(record);
    this.record = record;
    this.outcome = outcome;
    this.lockedAt = now;
  }

  RecordId id() {
    return id;
  }

  /** The record as last handed to the lane; it must be acknowledged before the next poll. */
  ConsumerRecord<String, byte[]> record() {
    return record;
  }

  CompletableFuture<AcknowledgeType> outcome() {
    return outcome;
  }

  /** When its lock was last taken or renewed ({@link System#nanoTime()}). */
  long lockedAt() {
    return lockedAt;
  }

  boolean awaitingReturn() {
    return record == null;
  }

  void renewed(long now) {
    record = null;
    lockedAt = now;
  }

  /** The renewed record came back; its lock runs from the renewal, not from now. */
  void returned(ConsumerRecord<String, byte[]> again) {
    record = again;
  }
}
