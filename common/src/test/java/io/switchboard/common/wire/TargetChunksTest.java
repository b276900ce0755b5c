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
    List<TargetChunks.Encoded> chunks = ((TargetChunks.Split) result).chunks();
    assertThat(chunks).hasSizeGreaterThan(1);
    List<Target> rejoined = new ArrayList<>();
    for (int n = 0; n < chunks.size(); n++) {
      InvocationRecord.TargetsChunk chunk = chunks.get(n).chunk();
      assertThat(chunk.chunk()).isEqualTo(n);
      assertThat(chunk.firstIndex()).isEqualTo(rejoined.size());
      assertThat(chunks.get(n).value()).isEqualTo(JsonCodec.encode(chunk));
      assertThat(chunks.get(n).value().length).isLessThanOrEqualTo(LIMIT);
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
    for (TargetChunks.Encoded encoded : split.chunks()) {
      InvocationRecord.TargetsChunk chunk = encoded.chunk();
      int length = encoded.value().length;
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
    assertThat(split.chunks().get(0).chunk().targets()).hasSize(3);
  }

  /** A chunk's value is joined from its targets' JSON: it must be what encoding the chunk whole writes. */
  @Test
  void shouldGiveEachChunkTheBytesThatEncodingItWholeWrites() throws Exception {
    List<Target> targets = List.of(
        Target.of("general", "plain").withTaskId("a"),
        Target.of("general", "quotes \" and \\ back, unicode \u00e9\u4e2d\ud83d\ude00, newline \n").withTaskId("b"),
        new Target("c", "general", "with a description", "",
            io.switchboard.common.json.Json.mapper().createObjectNode().put("k", 1).set("list",
                io.switchboard.common.json.Json.mapper().createArrayNode().add("v").add(2.5)), 5, 1000L, null, null),
        Target.of("other-agent", "x".repeat(1000)).withTaskId("d"));

    for (int fill : new int[] {1, 600, LIMIT}) { // one target a chunk, some, all in one
      TargetChunks.Split split = (TargetChunks.Split) TargetChunks.split("inv-1", targets, LIMIT, fill);
      List<Target> rejoined = new ArrayList<>();
      for (TargetChunks.Encoded encoded : split.chunks()) {
        assertThat(new String(encoded.value(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(new String(JsonCodec.encode(encoded.chunk()), java.nio.charset.StandardCharsets.UTF_8));
        InvocationRecord decoded = JsonCodec.decode(encoded.value(), InvocationRecord.class).orElseThrow();
        assertThat(decoded).isEqualTo(encoded.chunk());
        assertThat(encoded.recordKey()).isEqualTo("inv-1/chunks/" + encoded.chunk().chunk());
        rejoined.addAll(encoded.chunk().targets());
      }
      assertThat(rejoined).isEqualTo(targets);
    }
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
