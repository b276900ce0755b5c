package io.switchboard.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TargetChunksTest {

  static final int LIMIT = 900 * 1024;

  static List<Target> targets(int count, int promptBytes) {
    String prompt = "x".repeat(promptBytes);
    return IntStream.range(0, count)
        .mapToObj(i -> Target.of("general", prompt).withTaskId(Integer.toString(i)))
        .toList();
  }

  @Test
  void shouldSplitTenThousandTargetsIntoChunksUnderTheLimitInOrder() {
    List<Target> targets = targets(10_000, 300);

    TargetChunks result = TargetChunks.split("inv", targets, LIMIT);

    assertThat(result).isInstanceOf(TargetChunks.Split.class);
    List<InvocationRecord.TargetsChunk> chunks = ((TargetChunks.Split) result).chunks();
    assertThat(chunks).hasSizeGreaterThan(1);
    List<Target> rejoined = new ArrayList<>();
    for (int n = 0; n < chunks.size(); n++) {
      InvocationRecord.TargetsChunk chunk = chunks.get(n);
      assertThat(chunk.chunk()).isEqualTo(n);
      assertThat(chunk.firstIndex()).isEqualTo(rejoined.size());
      assertThat(JsonCodec.encode(chunk).length).isLessThanOrEqualTo(LIMIT);
      rejoined.addAll(chunk.targets());
    }
    assertThat(rejoined).isEqualTo(targets);
  }

  @Test
  void shouldFillChunksCloseToTheLimit() {
    TargetChunks.Split split =
        (TargetChunks.Split) TargetChunks.split("inv", targets(10_000, 300), LIMIT);

    // ~3.4 MB of targets in 900 KB chunks: 4 chunks, not dozens.
    assertThat(split.chunks()).hasSize(4);
  }

  @Test
  void shouldCloseChunksAtTheFillSizeAndGiveALargerTargetAChunkOfItsOwn() {
    int fill = 192 * 1024;
    List<Target> targets = new ArrayList<>(targets(10_000, 300));
    Target big = Target.of("general", "b".repeat(400 * 1024)).withTaskId("big");
    targets.add(5_000, big);

    TargetChunks.Split split = (TargetChunks.Split) TargetChunks.split("inv", targets, LIMIT, fill);

    List<Target> rejoined = new ArrayList<>();
    for (InvocationRecord.TargetsChunk chunk : split.chunks()) {
      int length = JsonCodec.encode(chunk).length;
      if (chunk.targets().contains(big)) {
        assertThat(chunk.targets()).containsExactly(big);
        assertThat(length).isBetween(fill, LIMIT);
      } else {
        assertThat(length).isLessThanOrEqualTo(fill);
      }
      rejoined.addAll(chunk.targets());
    }
    assertThat(rejoined).isEqualTo(targets);
    assertThat(split.chunks()).hasSizeGreaterThan(17); // ~3.4 MB in 192 KB chunks, and the big one
  }

  @Test
  void shouldKeepASmallInvocationInOneChunk() {
    TargetChunks.Split split =
        (TargetChunks.Split) TargetChunks.split("inv", targets(3, 10), LIMIT);

    assertThat(split.chunks()).hasSize(1);
    assertThat(split.chunks().get(0).targets()).hasSize(3);
  }

  @Test
  void shouldRejectOneOversizedTargetAsTooLargeWithItsIndex() {
    List<Target> targets = new ArrayList<>(targets(5, 10));
    targets.set(3, Target.of("general", "y".repeat(LIMIT)).withTaskId("3"));

    TargetChunks result = TargetChunks.split("inv", targets, LIMIT);

    assertThat(result)
        .isInstanceOfSatisfying(
            TargetChunks.TooLarge.class,
            tooLarge -> {
              assertThat(tooLarge.rejection().code()).isEqualTo(RejectionCode.TOO_LARGE);
              assertThat(tooLarge.rejection().field()).isEqualTo("targets[3]");
              assertThat(tooLarge.rejection().httpStatus()).isEqualTo(413);
            });
  }
}
