package io.switchboard.common.wire;

import io.switchboard.common.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A targets chunk's JSON from its targets' JSON, already encoded: the chunk without targets, encoded
 * (its {@code targets} is its last property, so that ends in {@code []}}), with the targets' bytes
 * joined in between the brackets, into one array of the exact size.
 */
final class ChunkJson {

  private static final byte[] EMPTY_TARGETS_END = "[]}".getBytes(StandardCharsets.US_ASCII);

  private ChunkJson() {}

  /** {@code chunk} with its value; {@code targets} are its targets' encodings, in order. */
  static TargetChunks.Encoded encode(InvocationRecord.TargetsChunk chunk, List<byte[]> targets) {
    byte[] empty = JsonCodec.encode(new InvocationRecord.TargetsChunk(chunk.invocationId(), chunk.chunk(),
        chunk.firstIndex(), List.of()));
    int end = empty.length - EMPTY_TARGETS_END.length;
    if (end < 0 || !Arrays.equals(empty, end, empty.length, EMPTY_TARGETS_END, 0, EMPTY_TARGETS_END.length)) {
      // targets is no longer the last property: a change to TargetsChunk that this class must follow
      throw new IllegalStateException("a targets chunk's JSON no longer ends with its targets");
    }
    int size = end + 3 + Math.max(0, targets.size() - 1); // "[", the commas, "]}"
    for (byte[] target : targets) {
      size += target.length;
    }
    byte[] value = new byte[size];
    System.arraycopy(empty, 0, value, 0, end + 1); // up to and with the '['
    int at = end + 1;
    for (int i = 0; i < targets.size(); i++) {
      if (i > 0) {
        value[at++] = ',';
      }
      byte[] target = targets.get(i);
      System.arraycopy(target, 0, value, at, target.length);
      at += target.length;
    }
    value[at++] = ']';
    value[at] = '}';
    return new TargetChunks.Encoded(chunk, value);
  }
}
