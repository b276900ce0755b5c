package io.switchboard.common.wire;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every record Switchboard writes to Kafka carries: {@code sb.v}, the schema version,
 * and {@code sb.type}, the record type. A reader that meets a missing or newer version sends the
 * record to the DLQ (with {@link #check}'s rejection as the reason) instead of guessing.
 */
public final class WireHeaders {

  /** The schema version this build writes and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  /** The header with the schema version, as decimal text. */
  public static final String VERSION = "sb.v";

  /** The header with the record type: the simple name of the record's root type. */
  public static final String TYPE = "sb.type";

  /**
   * On a task envelope: its attempt, as decimal text. The task key is the record's key, so a reader of
   * the dispatch log (recovery) learns which attempt was sent without decoding the envelope.
   */
  public static final String ATTEMPT = "sb.attempt";

  /**
   * On a task envelope sent before its invocation's intent was acknowledged: one header per record of that
   * intent ({@code <p>.invocations} values: the target chunks, then {@code invocation_accepted}), so that
   * recovery can restore the invocation from the dispatch log if the intent never got in.
   */
  public static final String INTENT = "sb.intent";

  private static final byte[] VERSION_VALUE = Integer.toString(SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8);
  /** Each record type's name as a header value, made once: a value is never changed once added. */
  private static final ClassValue<byte[]> TYPE_VALUES = new ClassValue<>() {
    @Override
    protected byte[] computeValue(Class<?> type) {
      return type.getSimpleName().getBytes(StandardCharsets.UTF_8);
    }
  };

  private WireHeaders() {}

  /** The intent records an envelope carries ({@link #INTENT}), in order; empty for none. */
  public static List<byte[]> intent(Headers headers) {
    List<byte[]> values = new ArrayList<>();
    if (headers != null) {
      for (Header header : headers.headers(INTENT)) {
        if (header.value() != null) {
          values.add(header.value());
        }
      }
    }
    return values;
  }

  /**
   * Fresh headers for a record of {@code recordType}: pass the root type of the topic's value
   * ({@code InvocationRecord.class}, {@code TaskEnvelope.class}).
   */
  public static Headers of(Class<?> recordType) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(VERSION, VERSION_VALUE);
    headers.add(TYPE, TYPE_VALUES.get(recordType));
    return headers;
  }

  /** Empty when this build can read a record with these headers; else why not. */
  public static Optional<Rejection> check(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(VERSION);
    if (header == null || header.value() == null) {
      return Optional.of(
          Rejection.of(RejectionCode.MISSING_FIELD, VERSION, "the record has no schema version"));
    }
    String text = new String(header.value(), StandardCharsets.UTF_8);
    int version;
    try {
      version = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return Optional.of(
          Rejection.of(
              RejectionCode.INVALID_VALUE, VERSION, "the schema version is not a number: " + text));
    }
    if (version < 1 || version > SCHEMA_VERSION) {
      return Optional.of(
          Rejection.of(
              RejectionCode.INVALID_VALUE,
              VERSION,
              "unsupported schema version " + version + "; this build reads 1.." + SCHEMA_VERSION));
    }
    return Optional.empty();
  }

  /** The attempt in an envelope's headers; empty when it has none or an unreadable one (then decode). */
  public static java.util.OptionalInt attempt(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(ATTEMPT);
    if (header == null || header.value() == null) {
      return java.util.OptionalInt.empty();
    }
    try {
      int attempt = Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8));
      return attempt >= 1 ? java.util.OptionalInt.of(attempt) : java.util.OptionalInt.empty();
    } catch (NumberFormatException e) {
      return java.util.OptionalInt.empty();
    }
  }

  /** The record type named in the headers, if any. */
  public static Optional<String> type(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(TYPE);
    return header == null || header.value() == null
        ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }
}
