package io.switchboard.coordinator.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The changes of one engine batch, written to RocksDB as one {@code WriteBatch}: the state and the
 * offsets of the records that produced it, together, so the store always matches a point in the topics.
 */
public final class Changes {

  /** A value to write; a null value deletes the key. */
  record Put(Column column, byte[] key, byte[] value) {}

  private final List<Put> puts = new ArrayList<>();
  private final Map<TopicPartition, Long> offsets = new HashMap<>();

  /** An accepted intent: its records' bytes, by record key. */
  public void intent(String headKey, byte[] head, Map<String, byte[]> chunks) {
    puts.add(new Put(Column.HEADS, utf8(headKey), head));
    chunks.forEach((key, value) -> puts.add(new Put(Column.CHUNKS, utf8(key), value)));
  }

  /** One target chunk of an intent, by record key. */
  public void chunk(String key, byte[] value) {
    puts.add(new Put(Column.CHUNKS, utf8(key), value));
  }

  public void dispatched(String taskKey, int attempt) {
    puts.add(new Put(Column.DISPATCHED, utf8(taskKey), ByteBuffer.allocate(4).putInt(attempt).array()));
  }

  public void result(String taskKey, byte[] value) {
    puts.add(new Put(Column.RESULTS, utf8(taskKey), value));
  }

  /** A stored result is dropped (a rebuild kept it before it knew its task was no task of an invocation). */
  public void resultGone(String taskKey) {
    puts.add(new Put(Column.RESULTS, utf8(taskKey), null));
  }

  /**
   * Every task of the invocation is terminal and its join complete: from now on it is kept on disk, not
   * in memory.
   */
  public void finished(String invocationId, boolean hasParent) {
    puts.add(new Put(Column.FINISHED, utf8(invocationId), new byte[] {(byte) (hasParent ? 1 : 0)}));
  }

  /** A finished invocation runs again (a task retried from the dead-letter queue): it is live again. */
  public void reopened(String invocationId) {
    puts.add(new Put(Column.FINISHED, utf8(invocationId), null));
  }

  /** An appended context entry, its record's bytes. */
  public void contextEntry(String contextId, long seq, byte[] value) {
    puts.add(new Put(Column.CONTEXTS, utf8(contextEntryKey(contextId, seq)), value));
  }

  static String contextEntryKey(String contextId, long seq) {
    return contextId + "/" + String.format("%019d", seq);
  }

  /** Records up to {@code nextOffset} (exclusive) of {@code partition} are reflected in this state. */
  public void consumed(TopicPartition partition, long nextOffset) {
    offsets.merge(partition, nextOffset, Math::max);
  }

  public boolean isEmpty() {
    return puts.isEmpty() && offsets.isEmpty();
  }

  List<Put> puts() {
    return puts;
  }

  Map<TopicPartition, Long> offsets() {
    return offsets;
  }

  public void clear() {
    puts.clear();
    offsets.clear();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String offsetKey(TopicPartition tp) {
    return tp.topic() + "/" + tp.partition();
  }
}
