package io.switchboard.common.wire;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits an invocation's targets into {@link InvocationRecord.TargetsChunk}s whose encoding stays
 * within a byte limit: the result is either the chunks, each with its record value already encoded, or a
 * {@code too_large} rejection naming the one target that cannot fit ({@code targets[i]}).
 *
 * <p>Each target is encoded once: its bytes size the chunks and are then joined into the chunk's value
 * (the same bytes {@link JsonCodec#encode} writes for the chunk, as {@code TargetChunksTest} checks), so
 * the caller, the HTTP thread that plans the invocation, leaves the coordinator's writer thread nothing to
 * encode but the intent's head.
 */
public sealed interface TargetChunks {

  /** The targets fit: the chunks, in order, numbered from 0. */
  record Split(List<Encoded> chunks) implements TargetChunks {
    public Split {
      chunks = List.copyOf(chunks);
    }
  }

  /** One target is too large for a chunk of its own. */
  record TooLarge(Rejection rejection) implements TargetChunks {
    public TooLarge {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /** A chunk and its record value, the chunk's JSON. */
  record Encoded(InvocationRecord.TargetsChunk chunk, byte[] value) {
    public Encoded {
      Objects.requireNonNull(chunk, "chunk");
      Objects.requireNonNull(value, "value");
    }

    /** The chunk's Kafka key. */
    public String recordKey() {
      return chunk.recordKey();
    }
  }

  /**
   * Splits {@code targets} (already normalized: task ids set) in order. Each chunk's encoded value
   * (type tag, ids and targets included) is at most {@code maxBytesPerChunk}; the caller leaves
   * room under the broker's record limit for the key, headers and batch overhead.
   */
  static TargetChunks split(String invocationId, List<Target> targets, int maxBytesPerChunk) {
    return split(invocationId, targets, maxBytesPerChunk, maxBytesPerChunk);
  }

  /**
   * As {@link #split(String, List, int)}, but a chunk is closed before it would pass {@code fillBytes}; a
   * single target larger than that still gets a chunk of its own, up to {@code maxBytesPerChunk}.
   */
  static TargetChunks split(String invocationId, List<Target> targets, int maxBytesPerChunk, int fillBytes) {
    Objects.requireNonNull(invocationId, "invocationId");
    // Worst case of the fixed part: the largest numbers, no targets.
    long overhead =
        JsonCodec.encode(
                new InvocationRecord.TargetsChunk(
                    invocationId, Integer.MAX_VALUE, Integer.MAX_VALUE, List.of()))
            .length;
    long fill = Math.min(fillBytes, maxBytesPerChunk);
    List<Encoded> chunks = new ArrayList<>();
    List<Target> current = new ArrayList<>();
    List<byte[]> currentBytes = new ArrayList<>();
    long size = overhead;
    int first = 0;
    for (int i = 0; i < targets.size(); i++) {
      byte[] target = JsonCodec.encode(targets.get(i));
      long bytes = target.length + 1; // + the separating comma
      if (overhead + bytes > maxBytesPerChunk) {
        return new TooLarge(
            Rejection.of(
                RejectionCode.TOO_LARGE,
                "targets[" + i + "]",
                "target "
                    + i
                    + " needs "
                    + (overhead + bytes)
                    + " bytes; a record allows "
                    + maxBytesPerChunk));
      }
      if (size + bytes > fill && !current.isEmpty()) {
        chunks.add(ChunkJson.encode(new InvocationRecord.TargetsChunk(invocationId, chunks.size(), first, current),
            currentBytes));
        current = new ArrayList<>();
        currentBytes = new ArrayList<>();
        size = overhead;
        first = i;
      }
      current.add(targets.get(i));
      currentBytes.add(target);
      size += bytes;
    }
    if (!current.isEmpty()) {
      chunks.add(ChunkJson.encode(new InvocationRecord.TargetsChunk(invocationId, chunks.size(), first, current),
          currentBytes));
    }
    return new Split(chunks);
  }
}
