package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.common.model.InvocationOptions;
import io.switchboard.common.model.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Utils;

/**
 * The durable intent of an accepted invocation on the compacted {@code <p>.invocations} topic,
 * tagged by {@code "type"}.
 *
 * <p>An invocation may be larger than one Kafka record (10,000 targets of 300 bytes is ~3 MB), so
 * it is written as {@link TargetsChunk}s (see {@link TargetChunks#split}) followed by one {@link
 * InvocationAccepted}; the presence of that last record means every chunk is durable.
 *
 * <p>Because the topic is compacted, each record needs its own Kafka key ({@link #recordKey()}):
 * with the invocation id alone, compaction would keep only the last record. To keep the chunks and
 * their {@code invocation_accepted} in one partition, in order, producers choose the partition from
 * the invocation id, not from the record key.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = InvocationRecord.TargetsChunk.class, name = "targets_chunk"),
  @JsonSubTypes.Type(
      value = InvocationRecord.InvocationAccepted.class,
      name = "invocation_accepted")
})
public sealed interface InvocationRecord {

  /**
   * The partition of {@code <p>.invocations} (of {@code partitions}) that holds every record of invocation
   * {@code invocationId}: Kafka's default partitioner's hash of the id.
   */
  static int partitionOf(String invocationId, int partitions) {
    return Utils.toPositive(Utils.murmur2(invocationId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** The invocation this record belongs to. */
  String invocationId();

  /**
   * The Kafka key of this record: the invocation id for {@code invocation_accepted}, {@code
   * <invocationId>/chunks/<chunk>} for a chunk (an invocation id never contains {@code '/'}).
   */
  default String recordKey() {
    return switch (this) {
      case TargetsChunk chunk -> chunk.invocationId() + "/chunks/" + chunk.chunk();
      case InvocationAccepted accepted -> accepted.invocationId();
    };
  }

  /**
   * A consecutive run of an invocation's targets.
   *
   * @param invocationId the invocation
   * @param chunk this chunk's number, from 0
   * @param firstIndex the index in the invocation's targets of {@code targets.get(0)}
   * @param targets the targets, in order
   */
  record TargetsChunk(String invocationId, int chunk, int firstIndex, List<Target> targets)
      implements InvocationRecord {
    public TargetsChunk {
      Objects.requireNonNull(invocationId, "invocationId");
      if (chunk < 0 || firstIndex < 0) {
        throw new IllegalArgumentException("chunk and firstIndex must be >= 0");
      }
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }

  /**
   * The invocation is accepted: its options, and how many targets and chunks precede this record.
   *
   * @param invocationId the invocation
   * @param options everything about the invocation except its targets
   * @param targetCount the number of targets across all chunks
   * @param chunkCount the number of chunks (numbered 0..chunkCount-1)
   * @param acceptedAt when the coordinator accepted it
   * @param agents how each agent the targets name was resolved (spec, runner, tools) at acceptance
   * @param caller who submitted it (a token fingerprint, {@code anonymous}, or the parent task), for audit
   * @param contextUpTo with context {@code inherited}: the last entry (seq) of the parent's context the
   *     children's snapshot holds, fixed when the invocation is accepted; else null
   */
  record InvocationAccepted(
      String invocationId,
      InvocationOptions options,
      int targetCount,
      int chunkCount,
      Instant acceptedAt,
      List<ResolvedAgent> agents,
      String caller,
      Long contextUpTo)
      implements InvocationRecord {

    /** An accepted invocation without a context snapshot (any scope but {@code inherited}). */
    public InvocationAccepted(String invocationId, InvocationOptions options, int targetCount, int chunkCount,
        Instant acceptedAt, List<ResolvedAgent> agents, String caller) {
      this(invocationId, options, targetCount, chunkCount, acceptedAt, agents, caller, null);
    }

    /** The same record with the inherited children's snapshot point. */
    public InvocationAccepted withContextUpTo(Long upTo) {
      return new InvocationAccepted(invocationId, options, targetCount, chunkCount, acceptedAt, agents, caller,
          upTo);
    }

    public InvocationAccepted {
      Objects.requireNonNull(invocationId, "invocationId");
      agents = agents == null ? List.of() : List.copyOf(agents);
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(acceptedAt, "acceptedAt");
      if (targetCount < 1 || chunkCount < 1 || chunkCount > targetCount) {
        throw new IllegalArgumentException(
            "need 1 <= chunkCount <= targetCount, got " + chunkCount + " and " + targetCount);
      }
    }
  }
}
