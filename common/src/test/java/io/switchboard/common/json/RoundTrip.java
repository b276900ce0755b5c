package io.switchboard.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.Rejection;

/** Test support: encode, decode, compare. */
public final class RoundTrip {

  private RoundTrip() {}

  /** Encodes {@code value}, decodes it as {@code type}, and asserts the result equals it. */
  public static <T> T assertRoundTrip(T value, Class<? super T> type) {
    String json = JsonCodec.encodeString(value);
    Decoded<?> decoded = JsonCodec.decode(json, type);
    assertThat(decoded).as("decoding %s", json).isInstanceOf(Decoded.Ok.class);
    assertThat(((Decoded.Ok<?>) decoded).value()).as("round trip of %s", json).isEqualTo(value);
    return value;
  }

  /** Decodes {@code json} as {@code type} and returns the value, failing the test if invalid. */
  public static <T> T decodeOk(String json, Class<T> type) {
    Decoded<T> decoded = JsonCodec.decode(json, type);
    if (decoded instanceof Decoded.Invalid<T> invalid) {
      throw new AssertionError("expected valid JSON, got " + invalid.rejection());
    }
    return ((Decoded.Ok<T>) decoded).value();
  }

  /** Decodes {@code json} as {@code type} and returns the rejection, failing the test if valid. */
  public static Rejection decodeInvalid(String json, Class<?> type) {
    Decoded<?> decoded = JsonCodec.decode(json, type);
    if (decoded instanceof Decoded.Ok<?> ok) {
      throw new AssertionError("expected a rejection, got " + ok.value());
    }
    return ((Decoded.Invalid<?>) decoded).rejection();
  }
}
