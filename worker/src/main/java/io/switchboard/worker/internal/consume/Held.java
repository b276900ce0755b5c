package io.switchboard.worker.internal.consume;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a lane holds while its task runs. Between a RENEW and the poll that hands the record back,
 * it has no record to acknowledge ({@link #awaitingReturn()}). A record whose lock may have run out
 * before it reached the lane is held unstarted, renewed first: its task starts once it comes back
 * ({@link #start}). Used by the lane's thread only.
 */
final class Held {

  private final RecordId id;
  private CompletableFuture<AcknowledgeType> outcome;
  private ConsumerRecord<String, byte[]> record;
  private long lockedAt;

  Held(ConsumerRecord<String, byte[]> record, CompletableFuture<AcknowledgeType> outcome, long now) {
    this.id = RecordId.of(record);
    this.record = record;
    this.outcome = outcome;
    this.lockedAt = now;
  }

  /** A record renewed before its task starts: it waits for its return ({@code now}: the renewal). */
  static Held renewedUnstarted(ConsumerRecord<String, byte[]> record, long now) {
    Held held = new Held(record, null, now);
    held.record = null;
    return held;
  }

  RecordId id() {
    return id;
  }

  /** The record as last handed to the lane; it must be acknowledged before the next poll. */
  ConsumerRecord<String, byte[]> record() {
    return record;
  }

  /** The task's outcome; null while the task has not started. */
  CompletableFuture<AcknowledgeType> outcome() {
    return outcome;
  }

  boolean started() {
    return outcome != null;
  }

  void start(CompletableFuture<AcknowledgeType> running) {
    outcome = running;
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
