package io.switchboard.coordinator.recovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.Json;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.Target;
import io.switchboard.common.wire.InvocationRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A target chunk of {@code <p>.invocations} as a rebuild first reads it: its task ids, without building its
 * targets (their prompts are most of a chunk, and most of a long history's invocations finished plainly and
 * go to disk as they are, never restored). Its bytes are decoded in full only if its invocation is restored.
 *
 * <p>The scan accepts only what a full decode accepts: a value it does not check closely (a supervisor
 * policy, a number of another shape, an unknown field) makes it give up, and the chunk is then decoded in
 * full as before (and dead-lettered if that fails).
 *
 * @param value the chunk's JSON
 */
record ScannedChunk(String invocationId, int chunk, int firstIndex, List<String> taskIds, byte[] value)
    implements IntentAssembler.ChunkPart {

  private static final String TYPE = "targets_chunk";

  /** Target fields the scan skips: strings, or null. */
  private static final Set<String> TEXT_FIELDS = Set.of("agent", "description", "prompt");
  /** Target fields the scan skips: any JSON value (a {@code JsonNode}). */
  private static final Set<String> ANY_FIELDS = Set.of("input", "outputSchema");

  /** Scans a target chunk's JSON; empty when the scan cannot vouch for it (decode it in full then). */
  static Optional<ScannedChunk> scan(byte[] value) {
    try (JsonParser parser = Json.mapper().createParser(value)) {
      return Optional.ofNullable(scan(parser, value));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // malformed: the full decode says how
    }
  }

  @Override
  public int size() {
    return taskIds.size();
  }

  /** The chunk's targets, decoded in full. */
  @Override
  public List<Target> targets() {
    return switch (JsonCodec.decode(value, InvocationRecord.class)) {
      case Decoded.Ok<InvocationRecord> ok when ok.value() instanceof InvocationRecord.TargetsChunk chunk ->
          chunk.targets();
      case Decoded.Ok<InvocationRecord> ok -> throw new IllegalStateException(
          "chunk " + chunk + " of invocation " + invocationId + " reads as another record");
      case Decoded.Invalid<InvocationRecord> bad -> throw new IllegalStateException(
          "chunk " + chunk + " of invocation " + invocationId + " cannot be read: " + bad.rejection().message());
    };
  }

  private static ScannedChunk scan(JsonParser parser, byte[] value) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String type = null;
    String invocationId = null;
    Integer chunk = null;
    Integer firstIndex = null;
    List<String> taskIds = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) { // a field given twice: the parser throws, as Json's
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (field) {
        case "type" -> type = token == JsonToken.VALUE_STRING ? parser.getText() : null;
        case "invocationId" -> invocationId = token == JsonToken.VALUE_STRING ? parser.getText() : null;
        case "chunk" -> chunk = naturalInt(parser, token);
        case "firstIndex" -> firstIndex = naturalInt(parser, token);
        case "targets" -> taskIds = token == JsonToken.START_ARRAY ? taskIds(parser) : null;
        default -> {
          return null; // an unknown field
        }
      }
      if (token.isStructStart() && !field.equals("targets") || field.equals("targets") && taskIds == null) {
        return null; // a value of another shape: the parser is inside it
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || !TYPE.equals(type)
        || invocationId == null || chunk == null || firstIndex == null || taskIds == null) {
      return null;
    }
    return new ScannedChunk(invocationId, chunk, firstIndex, List.copyOf(taskIds), value);
  }

  /** The task ids of a targets array, the parser on its start; null when a target is not plain. */
  private static List<String> taskIds(JsonParser parser) throws IOException {
    List<String> ids = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String taskId = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        if (field.equals("taskId")) {
          if (token != JsonToken.VALUE_STRING) {
            return null;
          }
          taskId = parser.getText();
        } else if (TEXT_FIELDS.contains(field)) {
          if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
            return null;
          }
        } else if (ANY_FIELDS.contains(field)) {
          parser.skipChildren();
        } else if (!plainNumber(field, parser, token)) {
          return null; // the supervisor policy, an unknown field, or a number of another shape
        }
      }
      if (taskId == null) {
        return null;
      }
      ids.add(taskId);
    }
    return parser.currentToken() == JsonToken.END_ARRAY ? ids : null;
  }

  private static boolean plainNumber(String field, JsonParser parser, JsonToken token) throws IOException {
    if (!field.equals("maxSteps") && !field.equals("timeoutMs")) {
      return false;
    }
    if (token == JsonToken.VALUE_NULL) {
      return true;
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return false;
    }
    JsonParser.NumberType type = parser.getNumberType();
    return type == JsonParser.NumberType.INT || (type == JsonParser.NumberType.LONG && field.equals("timeoutMs"));
  }

  private static Integer naturalInt(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
      return null;
    }
    int value = parser.getIntValue();
    return value >= 0 ? value : null;
  }
}
