package io.switchboard.common.json;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.error.Rejection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes Switchboard's JSON with {@link Json#mapper()}.
 *
 * <p>Decoding never throws for bad input; it returns {@link Decoded.Invalid} with a {@link
 * Rejection}:
 *
 * <ul>
 *   <li>not JSON, trailing content, or not the expected object/array → {@code malformed} with line
 *       and column;
 *   <li>a property the type does not have → {@code unknown_field} with its path ({@code
 *       targets[0].promt});
 *   <li>a wrong type or an unknown enum value → {@code invalid_value} with the path (enum messages
 *       list the allowed values);
 *   <li>a value a constructor refuses → {@code invalid_value} with the path and the constructor's
 *       message.
 * </ul>
 */
public final class JsonCodec {

  /** Per type: its reader and the token its JSON must start with (both costly to work out per record). */
  private static final Map<JavaType, TypeReading> READINGS = new ConcurrentHashMap<>();

  private JsonCodec() {}

  private record TypeReading(ObjectReader reader, JsonToken expectedStart) {
    static TypeReading of(JavaType type) {
      // trailing content is checked by decode, so that it is reported as malformed, with its location
      return new TypeReading(Json.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS),
          JsonCodec.expectedStart(type));
    }
  }

  /** Decodes UTF-8 JSON bytes into {@code type}. */
  public static <T> Decoded<T> decode(byte[] json, Class<T> type) {
    return decode(json, Json.mapper().constructType(type));
  }

  /** Decodes a JSON string into {@code type}. */
  public static <T> Decoded<T> decode(String json, Class<T> type) {
    return decode(json.getBytes(StandardCharsets.UTF_8), type);
  }

  /** Decodes UTF-8 JSON bytes into a generic type, e.g. {@code List<AgentSpec>}. */
  public static <T> Decoded<T> decode(byte[] json, TypeReference<T> type) {
    return decode(json, Json.mapper().constructType(type));
  }

  /** Decodes a JSON string into a generic type, e.g. {@code List<AgentSpec>}. */
  public static <T> Decoded<T> decode(String json, TypeReference<T> type) {
    return decode(json.getBytes(StandardCharsets.UTF_8), type);
  }

  /** Encodes a value as UTF-8 JSON bytes. */
  public static byte[] encode(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new FatalException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Encodes a value as UTF-8 JSON into {@code out}, for a caller that owns the buffers; an {@link
   * IOException} of {@code out} itself is thrown as it is.
   */
  public static void encodeTo(Object value, OutputStream out) throws IOException {
    try {
      Json.mapper().writeValue(out, value);
    } catch (JsonProcessingException e) {
      throw new FatalException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Encodes a value as a JSON string. */
  public static String encodeString(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new FatalException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  private static <T> Decoded<T> decode(byte[] json, JavaType type) {
    TypeReading reading = READINGS.computeIfAbsent(type, TypeReading::of);
    JsonParser parser = null;
    try {
      parser = Json.mapper().createParser(json);
      JsonToken first = parser.nextToken();
      if (first == null) {
        return invalid(Rejection.malformed("the body is empty", 1, 1));
      }
      JsonToken expected = reading.expectedStart();
      if (expected != null && first != expected) {
        return invalid(malformedAt("expected a JSON " + shapeName(expected), parser));
      }
      T value = reading.reader().readValue(parser);
      if (parser.nextToken() != null) {
        return invalid(malformedAt("unexpected content after the JSON value", parser));
      }
      if (value == null) {
        return invalid(Rejection.malformed("expected a JSON value, got null", 1, 1));
      }
      return new Decoded.Ok<>(value);
    } catch (JsonProcessingException e) {
      return invalid(DecodeErrors.rejection(e, parser));
    } catch (IOException | RuntimeException e) {
      return invalid(Rejection.malformed("unreadable JSON: " + e.getMessage(), null, null));
    } finally {
      closeQuietly(parser);
    }
  }

  private static void closeQuietly(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException ignored) {
        // nothing was written; nothing to lose
      }
    }
  }

  private static JsonToken expectedStart(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return JsonToken.START_ARRAY;
    }
    if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class || isScalar(raw)) {
      return null;
    }
    return JsonToken.START_OBJECT;
  }

  private static boolean isScalar(Class<?> raw) {
    return raw.isPrimitive()
        || raw.isEnum()
        || raw == String.class
        || raw == Boolean.class
        || Number.class.isAssignableFrom(raw)
        || raw.getName().startsWith("java.time.")
        || Arrays.stream(raw.getDeclaredMethods())
            .anyMatch(method -> method.isAnnotationPresent(JsonValue.class));
  }

  private static String shapeName(JsonToken token) {
    return token == JsonToken.START_ARRAY ? "array" : "object";
  }

  private static Rejection malformedAt(String message, JsonParser parser) {
    return DecodeErrors.malformedAt(message, parser.currentTokenLocation());
  }

  private static <T> Decoded<T> invalid(Rejection rejection) {
    return new Decoded.Invalid<>(rejection);
  }
}
