package io.switchboard.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  @Test
  void shouldKeepUtf8ValueAsText() {
    byte[] value = "{\"broken\": ".getBytes(StandardCharsets.UTF_8);

    DeadLetter letter =
        DeadLetter.of(
            "k", "topic", 0, 1L, "malformed", value, WireHeaders.of(TaskEnvelope.class), T0);

    assertThat(letter.valueBase64()).isFalse();
    assertThat(letter.value()).isEqualTo("{\"broken\": ");
    assertThat(letter.valueBytes()).isEqualTo(value);
    assertThat(letter.headers()).containsEntry("sb.v", "1");
  }

  @Test
  void shouldKeepBinaryValueAsBase64() {
    byte[] value = {(byte) 0xC3, (byte) 0x28, 0, 1};

    DeadLetter letter =
        DeadLetter.of(null, "topic", 0, 1L, "malformed", value, new RecordHeaders(), T0);

    assertThat(letter.valueBase64()).isTrue();
    assertThat(letter.valueBytes()).isEqualTo(value);
  }

  @Test
  void shouldKeepTombstoneAsNull() {
    DeadLetter letter = DeadLetter.of("k", "topic", 0, 1L, "tombstone", null, null, T0);

    assertThat(letter.value()).isNull();
    assertThat(letter.valueBytes()).isNull();
  }
}
