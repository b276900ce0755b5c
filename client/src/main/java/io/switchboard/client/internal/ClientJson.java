package io.switchboard.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.json.RejectedInputException;
import io.switchboard.common.model.AgentSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the coordinator's answers. api.md: "unknown response fields must be ignored by clients", so
 * this is Switchboard's mapper with unknown properties allowed (requests are still written with
 * {@link Json#mapper()}). {@link AgentSpec} has its own strict reader; its unknown fields are
 * dropped one by one and the object read again.
 */
public final class ClientJson {

  private static final ObjectMapper MAPPER =
      Json.newMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int MAX_DROPPED_FIELDS = 64;

  private ClientJson() {}

  /** The lenient mapper for answers. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Reads {@code body} as {@code type}, or fails with what was unreadable. */
  public static <T> T read(byte[] body, Class<T> type) {
    try {
      return MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw unreadable(type.getSimpleName(), e);
    }
  }

  /** Reads {@code node} as {@code type}, or fails with what was unreadable. */
  public static <T> T read(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw unreadable(type.getSimpleName(), e);
    }
  }

  /** Parses {@code body} as a JSON tree. */
  public static JsonNode tree(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw unreadable("JSON", e);
    }
  }

  /**
   * The list in {@code body}: a JSON array, or the array under {@code field} of an object ({@code
   * {"agents": [...]}}).
   */
  public static JsonNode list(byte[] body, String field) {
    JsonNode tree = tree(body);
    JsonNode list = tree.isObject() ? tree.path(field) : tree;
    if (!list.isArray()) {
      throw new FatalException("unreadable answer: expected a JSON array of " + field);
    }
    return list;
  }

  /** Reads an agent, ignoring fields this client's model does not know. */
  public static AgentSpec agent(JsonNode node) {
    JsonNode current = node;
    for (int dropped = 0; ; dropped++) {
      try {
        return MAPPER.treeToValue(current, AgentSpec.class);
      } catch (RejectedInputException e) {
        String field = singleField(e);
        if (e.code() != RejectionCode.UNKNOWN_FIELD
            || field == null
            || dropped >= MAX_DROPPED_FIELDS
            || !current.isObject()) {
          throw unreadable("AgentSpec", e);
        }
        ObjectNode copy = ((ObjectNode) current).deepCopy();
        copy.remove(field);
        current = copy;
      } catch (JsonProcessingException e) {
        throw unreadable("AgentSpec", e);
      }
    }
  }

  /** Reads each agent of a JSON array. */
  public static List<AgentSpec> agents(JsonNode array) {
    List<AgentSpec> specs = new ArrayList<>(array.size());
    array.forEach(node -> specs.add(agent(node)));
    return List.copyOf(specs);
  }

  private static String singleField(RejectedInputException e) {
    return e.getPath().size() == 1 ? e.getPath().get(0).getFieldName() : null;
  }

  private static FatalException unreadable(String what, Exception cause) {
    return new FatalException(
        "unreadable answer from the coordinator (" + what + "): " + cause.getMessage(), cause);
  }
}
