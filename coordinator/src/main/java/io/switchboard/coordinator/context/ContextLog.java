package io.switchboard.coordinator.context;

import io.switchboard.common.model.ContextEntryKind;
import io.switchboard.common.wire.ContextEntry;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The appended entries of one context, by seq: written by the engine thread once Kafka acknowledged them
 * (or by recovery before the engine starts), read by any thread.
 */
final class ContextLog {

  private final ConcurrentSkipListMap<Long, ContextEntry> entries = new ConcurrentSkipListMap<>();
  private final Set<String> outputAuthors = ConcurrentHashMap.newKeySet();
  private volatile long reserved;
  private volatile long durable;

  /** The highest seq handed out, durable or not. */
  long reserved() {
    return reserved;
  }

  /** The highest seq Kafka acknowledged. */
  long durable() {
    return durable;
  }

  /** Hands out the next seq, at least {@code floor} + 1 (engine thread only). */
  long reserve(long floor) {
    long next = Math.max(reserved, floor) + 1;
    reserved = next;
    return next;
  }

  /** A durable entry; applying the same entry twice changes nothing. */
  void add(ContextEntry entry) {
    entries.put(entry.seq(), entry);
    if (entry.seq() > durable) {
      durable = entry.seq();
    }
    if (entry.seq() > reserved) {
      reserved = entry.seq();
    }
    if (entry.kind() == ContextEntryKind.OUTPUT && entry.author() != null) {
      outputAuthors.add(entry.author());
    }
  }

  /** Whether the output of task {@code author} is in this context already. */
  boolean hasOutputOf(String author) {
    return outputAuthors.contains(author);
  }

  /** Entries with {@code after < seq <= upTo}, in order. */
  Collection<ContextEntry> between(long after, long upTo) {
    if (upTo <= after) {
      return java.util.List.of();
    }
    return entries.subMap(after, false, upTo, true).values();
  }
}
