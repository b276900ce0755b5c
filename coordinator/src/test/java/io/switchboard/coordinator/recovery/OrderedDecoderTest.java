package io.switchboard.coordinator.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoded values are applied one by one, in the order they came, however many and however large they are. */
class OrderedDecoderTest {

  @ParameterizedTest(name = "{0} values of {1} bytes")
  @CsvSource({"3, 10", "19, 196608", "100, 10", "5000, 300"})
  void shouldApplyInTheOrderValuesCame(int count, int bytes) {
    List<String> applied = new ArrayList<>();
    try (var decoder = new OrderedDecoder<byte[], String>(
        value -> new String(value, 0, 8, StandardCharsets.US_ASCII), value -> value.length, applied::add)) {
      IntStream.range(0, count).forEach(i -> decoder.add(value(i, bytes)));
    }

    assertThat(applied).containsExactlyElementsOf(IntStream.range(0, count).mapToObj("%08d"::formatted).toList());
  }

  @Test
  void shouldStopAtAStoredValueItCannotRead() {
    List<Object> applied = new ArrayList<>();
    var decoder = OrderedDecoder.stored(Object.class, applied::add);
    decoder.add("{\"ok\": true}".getBytes(StandardCharsets.UTF_8));
    decoder.add("{not json".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(decoder::close).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the state store holds an unreadable Object");
    assertThat(applied).isEmpty();
  }

  /** {@code bytes} bytes starting with {@code i} in eight digits. */
  private static byte[] value(int i, int bytes) {
    byte[] value = new byte[Math.max(bytes, 8)];
    Arrays.fill(value, (byte) ' ');
    System.arraycopy("%08d".formatted(i).getBytes(StandardCharsets.US_ASCII), 0, value, 0, 8);
    return value;
  }
}
