package io.switchboard.worker.internal.control;

import io.switchboard.common.model.TaskKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks a {@code CancelTask} named, remembered for a while so that a task delivered after its
 * cancel is skipped (with a {@code cancelled} result) instead of run. Bounded: past {@code capacity}
 * the oldest are forgotten, and each key expires after {@code ttl}. Thread-safe.
 */
public final class CancelledKeys {

  /** The default time a cancel is remembered. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** The default number of cancels remembered. */
  public static final int DEFAULT_CAPACITY = 100_000;

  /** A remembered cancel; {@code reason} may be null. */
  public record Cancellation(String reason, Instant expiresAt) {}

  private final Clock clock;
  private final Duration ttl;
  private final int capacity;
  private final LinkedHashMap<TaskKey, Cancellation> keys = new LinkedHashMap<>();

  public CancelledKeys(Clock clock, Duration ttl, int capacity) {
    this.clock = clock;
    this.ttl = ttl;
    this.capacity = capacity;
  }

  public CancelledKeys(Clock clock) {
    this(clock, DEFAULT_TTL, DEFAULT_CAPACITY);
  }

  /** Remembers that {@code key} was cancelled. */
  public synchronized void remember(TaskKey key, String reason) {
    keys.remove(key); // re-inserted at the end: the newest
    keys.put(key, new Cancellation(reason, clock.instant().plus(ttl)));
    expire();
    while (keys.size() > capacity) {
      Iterator<TaskKey> oldest = keys.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The cancel of {@code key}, when one is remembered and has not expired. */
  public synchronized Optional<Cancellation> find(TaskKey key) {
    expire();
    return Optional.ofNullable(keys.get(key));
  }

  public synchronized int size() {
    expire();
    return keys.size();
  }

  /** Drops expired keys; entries are in insertion order, so the oldest come first. */
  private void expire() {
    Instant now = clock.instant();
    Iterator<Map.Entry<TaskKey, Cancellation>> it = keys.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().expiresAt().isAfter(now)) {
        return;
      }
      it.remove();
    }
  }
}
