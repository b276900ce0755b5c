package io.switchboard.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record that could not be processed, copied to {@code <p>.dlq} with the reason: a poison task or
 * an unreadable record. {@link #valueBytes()} gives back the original value for a retry.
 *
 * @param key the original record's key (as UTF-8); null when it had none
 * @param sourceTopic the topic it was read from
 * @param partition its partition there
 * @param offset its offset there
 * @param reason why it was dead-lettered
 * @param value the original value: UTF-8 text when valid, else base64 (see {@code valueBase64});
 *     null for a tombstone
 * @param valueBase64 whether {@code value} is base64
 * @param headers the original headers, values as UTF-8
 * @param at when it was dead-lettered
 */
public record DeadLetter(
    String key,
    String sourceTopic,
    int partition,
    long offset,
    String reason,
    String value,
    boolean valueBase64,
    Map<String, String> headers,
    Instant at) {

  public DeadLetter {
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A dead letter for a record read from Kafka, keeping its value losslessly. */
  public static DeadLetter of(
      String key,
      String sourceTopic,
      int partition,
      long offset,
      String reason,
      byte[] value,
      Headers headers,
      Instant at) {
    String text = value == null ? null : utf8OrNull(value);
    boolean base64 = value != null && text == null;
    return new DeadLetter(
        key,
        sourceTopic,
        partition,
        offset,
        reason,
        base64 ? Base64.getEncoder().encodeToString(value) : text,
        base64,
        headerMap(headers),
        at);
  }

  /** The original value's bytes; null for a tombstone. */
  public byte[] valueBytes() {
    if (value == null) {
      return null;
    }
    return valueBase64 ? Base64.getDecoder().decode(value) : value.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Map<String, String> headerMap(Headers headers) {
    Map<String, String> map = new LinkedHashMap<>();
    if (headers != null) {
      for (Header header : headers) {
        byte[] bytes = header.value();
        map.put(header.key(), bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return map;
  }
}
