package io.switchboard.common.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into {@link Rejection}s with field paths and plain messages. */
final class DecodeErrors {

  private static final Pattern REDACTED_SOURCE =
      Pattern.compile("\\[Source: REDACTED \\(.*?\\); (line: \\d+, column: \\d+)]");
  private static final Pattern KNOWN_TYPE_IDS = Pattern.compile("known type ids = (\\[[^]]*])");

  private DecodeErrors() {}

  static Rejection rejection(JsonProcessingException e, JsonParser parser) {
    // A syntax error or an out-of-range number met while binding arrives wrapped with a path.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputCoercionException range) {
        String path =
            e instanceof JsonMappingException mapping ? FieldPath.of(mapping.getPath()) : "";
        return Rejection.of(
            RejectionCode.INVALID_VALUE,
            path.isEmpty() ? null : path,
            "number out of range for " + jsonTypeName(range.getTargetType()));
      }
      if (t instanceof StreamReadException syntax) {
        return malformedAt(clean(syntax.getOriginalMessage()), syntax.getLocation());
      }
    }
    if (e instanceof MismatchedInputException && parser != null && parser.currentToken() == null) {
      return malformedAt("unexpected end of input", e.getLocation());
    }
    if (e instanceof JsonMappingException mapping) {
      return fromMapping(mapping);
    }
    return malformedAt(clean(e.getOriginalMessage()), e.getLocation());
  }

  private static Rejection fromMapping(JsonMappingException e) {
    String path = FieldPath.of(e.getPath());
    String field = path.isEmpty() ? null : path;
    return switch (e) {
      case RejectedInputException rejected ->
          Rejection.of(rejected.code(), field, rejected.getOriginalMessage());
      case UnrecognizedPropertyException unknown ->
          Rejection.of(RejectionCode.UNKNOWN_FIELD, field, unknownMessage(unknown));
      case InvalidFormatException format
          when format.getTargetType() != null && format.getTargetType().isEnum() ->
          Rejection.of(
              RejectionCode.INVALID_VALUE,
              field,
              "must be one of "
                  + allowedValues(format.getTargetType())
                  + ", got "
                  + describe(format.getValue()));
      case InvalidNullException nullValue ->
          Rejection.of(RejectionCode.INVALID_VALUE, field, "null is not allowed here");
      case InvalidTypeIdException typeId -> typeIdRejection(typeId, path);
      case ValueInstantiationException instantiation ->
          Rejection.of(RejectionCode.INVALID_VALUE, field, causeMessage(instantiation));
      case MismatchedInputException mismatch when field == null ->
          malformedAt(clean(mismatch.getOriginalMessage()), mismatch.getLocation());
      case MismatchedInputException mismatch ->
          Rejection.of(RejectionCode.INVALID_VALUE, field, expectedMessage(mismatch));
      default -> Rejection.of(RejectionCode.INVALID_VALUE, field, clean(e.getOriginalMessage()));
    };
  }

  /** A missing or unknown type tag ({@code "type"}, {@code "status"}), named by its own path. */
  private static Rejection typeIdRejection(InvalidTypeIdException e, String path) {
    JsonTypeInfo info =
        e.getBaseType() == null
            ? null
            : e.getBaseType().getRawClass().getAnnotation(JsonTypeInfo.class);
    String property = info == null || info.property().isEmpty() ? "type" : info.property();
    String field = path.isEmpty() ? property : path + "." + property;
    if (e.getTypeId() == null) {
      return Rejection.of(RejectionCode.MISSING_FIELD, field, "'" + property + "' is required");
    }
    Matcher known = KNOWN_TYPE_IDS.matcher(String.valueOf(e.getOriginalMessage()));
    return Rejection.of(
        RejectionCode.INVALID_VALUE,
        field,
        "must be one of "
            + (known.find() ? known.group(1) : "the known types")
            + ", got '"
            + e.getTypeId()
            + "'");
  }

  /** Drops Jackson's note that the source is not included in locations. */
  private static String clean(String message) {
    return message == null ? null : REDACTED_SOURCE.matcher(message).replaceAll("$1");
  }

  private static String unknownMessage(UnrecognizedPropertyException e) {
    Collection<Object> known = e.getKnownPropertyIds();
    String allowed =
        known == null || known.isEmpty()
            ? ""
            : "; known fields: "
                + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    return "unknown field '" + e.getPropertyName() + "'" + allowed;
  }

  private static String expectedMessage(MismatchedInputException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return e.getOriginalMessage();
    }
    return "expected " + jsonTypeName(target);
  }

  private static String jsonTypeName(Class<?> type) {
    if (type == null) {
      return "a value";
    }
    if (type == String.class || type == Character.class || type == char.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of " + allowedValues(type);
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return "a JSON value";
    }
    if (type.getName().startsWith("java.time.")) {
      return "an ISO-8601 timestamp";
    }
    return "an object";
  }

  private static String allowedValues(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(constant -> Json.mapper().valueToTree(constant).asText())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String describe(Object value) {
    return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
  }

  private static String causeMessage(ValueInstantiationException e) {
    Throwable cause = e.getCause();
    if (cause instanceof NullPointerException) {
      return "a required value is null";
    }
    return cause != null && cause.getMessage() != null
        ? cause.getMessage()
        : e.getOriginalMessage();
  }

  static Rejection malformedAt(String message, JsonLocation at) {
    return Rejection.malformed(message, line(at), column(at));
  }

  private static Integer line(JsonLocation at) {
    return at == null || at.getLineNr() < 1 ? null : at.getLineNr();
  }

  private static Integer column(JsonLocation at) {
    return at == null || at.getColumnNr() < 1 ? null : at.getColumnNr();
  }
}
