package io.switchboard.coordinator.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the state store may mark the dispatch log (the task topics) as read. An envelope that carries an
 * intent Kafka has not yet acknowledged is <em>held</em>: the stored offset of its partition stays at it,
 * so that a restart reads it again and can restore the invocation from it if the intent never got in. Once
 * the intent is in, the hold goes and the offset moves on. Runs on the engine thread.
 *
 * <p>Acknowledgements of one partition come in offset order, so the offset handed out never goes back.
 */
final class HeldOffsets {

  private record Held(TopicPartition partition, long offset) {}

  private final Map<TopicPartition, TreeSet<Long>> held = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private final Map<String, List<Held>> byInvocation = new HashMap<>();

  /**
   * An envelope of {@code invocationId} was written at {@code offset}.
   *
   * @param hold whether its invocation's intent is still being written
   * @return the offset the store may record as the partition's next to read
   */
  long written(String invocationId, boolean hold, TopicPartition partition, long offset) {
    if (hold) {
      held.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
      byInvocation.computeIfAbsent(invocationId, id -> new ArrayList<>(1)).add(new Held(partition, offset));
    }
    TreeSet<Long> waiting = held.get(partition);
    if (waiting == null) {
      return offset + 1; // the common case: nothing held here, nothing remembered
    }
    next.merge(partition, offset + 1, Math::max);
    return waiting.first();
  }

  /**
   * {@code invocationId}'s intent is in: its envelopes are no longer held.
   *
   * @return per partition it held, the offset the store may now record as next to read
   */
  Map<TopicPartition, Long> release(String invocationId) {
    List<Held> released = byInvocation.remove(invocationId);
    if (released == null) {
      return Map.of();
    }
    Map<TopicPartition, Long> now = new HashMap<>();
    for (Held one : released) {
      TreeSet<Long> waiting = held.get(one.partition());
      if (waiting == null) {
        continue; // a second envelope in a partition already let go
      }
      waiting.remove(one.offset());
      if (waiting.isEmpty()) {
        held.remove(one.partition());
        now.put(one.partition(), next.remove(one.partition()));
      } else {
        now.put(one.partition(), waiting.first());
      }
    }
    return now;
  }
}
