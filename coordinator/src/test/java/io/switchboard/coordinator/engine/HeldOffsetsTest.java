package io.switchboard.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HeldOffsetsTest {

  private static final TopicPartition P0 = new TopicPartition("sb.tasks.default", 0);
  private static final TopicPartition P1 = new TopicPartition("sb.tasks.default", 1);

  private final HeldOffsets held = new HeldOffsets();

  @Test
  void shouldPassEveryOffsetWhenNothingIsHeld() {
    assertThat(held.written("a", false, P0, 10)).isEqualTo(11);
    assertThat(held.written("b", false, P0, 11)).isEqualTo(12);
    assertThat(held.release("a")).isEmpty();
  }

  @Test
  void shouldStopAtAHeldEnvelopeUntilItsIntentIsIn() {
    assertThat(held.written("a", true, P0, 10)).as("held: read again after a restart").isEqualTo(10);
    assertThat(held.written("b", false, P0, 11)).as("a later envelope does not pass the held one").isEqualTo(10);
    assertThat(held.written("c", false, P1, 7)).as("other partitions go on").isEqualTo(8);
    assertThat(held.release("a")).isEqualTo(Map.of(P0, 12L));
    assertThat(held.written("d", false, P0, 12)).isEqualTo(13);
  }

  @Test
  void shouldStopAtTheLowestOfSeveralHeldEnvelopes() {
    assertThat(held.written("a", true, P0, 10)).isEqualTo(10);
    assertThat(held.written("b", true, P0, 11)).isEqualTo(10);
    assertThat(held.written("c", false, P0, 12)).isEqualTo(10);
    assertThat(held.release("b")).as("a is still held").isEqualTo(Map.of(P0, 10L));
    assertThat(held.release("a")).isEqualTo(Map.of(P0, 13L));
    assertThat(held.release("a")).isEmpty();
  }

  @Test
  void shouldReleaseTwoEnvelopesOfOneInvocationInOnePartition() {
    held.written("a", true, P0, 3);
    held.written("a", true, P0, 4);
    assertThat(held.release("a")).isEqualTo(Map.of(P0, 5L));
  }
}
