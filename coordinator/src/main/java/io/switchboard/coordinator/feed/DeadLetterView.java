package io.switchboard.coordinator.feed;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.wire.DeadLetter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The most recent dead letters of {@code <p>.dlq} (bounded; the topic keeps a month of them), for
 * {@code GET /v1/dead-letters} and retries. Read by its feed thread, listed by API threads.
 */
public final class DeadLetterView {

  static final int CAPACITY = 10_000;

  private final Deque<Entry> entries = new ArrayDeque<>();

  /** A dead letter with its place in the DLQ topic. */
  public record Entry(String id, DeadLetter letter) {}

  public void feed(List<ConsumerRecord<String, byte[]>> records) {
    for (var record : records) {
      // an unreadable dead letter is left where it is: dead-lettering it again would loop
      if (WireRecords.read(record, DeadLetter.class) instanceof Decoded.Ok<DeadLetter> ok) {
        synchronized (entries) {
          entries.addFirst(new Entry(record.partition() + "-" + record.offset(), ok.value()));
          if (entries.size() > CAPACITY) {
            entries.removeLast();
          }
        }
      }
    }
  }

  /** The newest first. */
  public List<Entry> newest(int limit) {
    synchronized (entries) {
      return entries.stream().limit(limit).toList();
    }
  }

  /** The newest dead letter of a record key (a task key for tasks). */
  public Optional<Entry> latestOf(String key) {
    synchronized (entries) {
      return entries.stream().filter(e -> key.equals(e.letter().key())).findFirst();
    }
  }

  public Optional<Entry> byId(String id) {
    synchronized (entries) {
      return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }
  }

  List<Entry> all() {
    synchronized (entries) {
      return new ArrayList<>(entries);
    }
  }
}
