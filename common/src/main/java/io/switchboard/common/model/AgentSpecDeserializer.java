package io.switchboard.common.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.RejectedInputException;
import io.switchboard.common.topic.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the flat {@link AgentSpec} object: picks the {@link AgentKind} by {@code kind}, refuses
 * fields that belong to no kind or to another kind ({@code unknown_field}), and reports missing or
 * invalid settings with their field ({@code missing_field}, {@code invalid_value}).
 */
final class AgentSpecDeserializer extends StdDeserializer<AgentSpec> {

  private static final long serialVersionUID = 1L;

  private static final List<String> SHARED =
      List.of(
          "name",
          "kind",
          "runtimes",
          "runner",
          "tools",
          "maxSteps",
          "timeoutMs",
          "concurrency",
          "supervisor");
  private static final Map<String, List<String>> KIND_FIELDS =
      Map.of(
          AgentKind.Echo.NAME, List.of("delayMs"),
          AgentKind.Command.NAME, List.of("command", "env", "workdir"),
          AgentKind.Http.NAME, List.of("url", "headers"),
          AgentKind.Llm.NAME, List.of("baseUrl", "model", "apiKeyEnv"));
  private static final List<String> CUSTOM_FIELDS = List.of("config");

  private static final TypeFactory TYPES = TypeFactory.defaultInstance();
  private static final JavaType STRINGS = TYPES.constructCollectionType(List.class, String.class);
  private static final JavaType RUNTIMES =
      TYPES.constructCollectionType(List.class, AgentSpec.Runtime.class);
  private static final JavaType STRING_MAP =
      TYPES.constructMapType(Map.class, String.class, String.class);

  AgentSpecDeserializer() {
    super(AgentSpec.class);
  }

  @Override
  public AgentSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = ctxt.readTree(p);
    if (!tree.isObject()) {
      throw reject(p, RejectionCode.INVALID_VALUE, null, "an agent must be a JSON object");
    }
    Fields fields = new Fields(p, ctxt, tree);
    String kindName = fields.requiredText("kind");
    List<String> kindFields = KIND_FIELDS.getOrDefault(kindName, CUSTOM_FIELDS);
    for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!SHARED.contains(name) && !kindFields.contains(name)) {
        throw reject(
            p,
            RejectionCode.UNKNOWN_FIELD,
            name,
            "unknown field '"
                + name
                + "' for an agent of kind '"
                + kindName
                + "'; allowed: "
                + allowed(kindFields));
      }
    }
    String name = fields.requiredText("name");
    AgentKind kind = readKind(kindName, fields);
    List<AgentSpec.Runtime> runtimes = fields.read("runtimes", RUNTIMES);
    if (runtimes != null && runtimes.isEmpty()) {
      throw reject(p, RejectionCode.INVALID_VALUE, "runtimes", "runtimes must name at least one");
    }
    String runner = fields.read("runner", String.class);
    if (runner != null && runner.isBlank()) {
      throw reject(p, RejectionCode.INVALID_VALUE, "runner", "runner must not be blank");
    }
    if (Topics.LOCAL_RUNNER.equals(runner)) {
      throw reject(p, RejectionCode.INVALID_VALUE, "runner", "runner 'local' is reserved for the"
          + " coordinator's local executor; allow it with \"runtimes\": [\"local\"]");
    }
    List<String> tools = fields.read("tools", STRINGS);
    Integer maxSteps = fields.positive("maxSteps", Integer.class);
    Long timeoutMs = fields.positive("timeoutMs", Long.class);
    Integer concurrency = fields.positive("concurrency", Integer.class);
    SupervisorPolicy supervisor = fields.read("supervisor", SupervisorPolicy.class);
    try {
      return new AgentSpec(
          name, kind, runtimes, runner, tools, maxSteps, timeoutMs, concurrency, supervisor);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw reject(p, RejectionCode.INVALID_VALUE, null, String.valueOf(e.getMessage()));
    }
  }

  private static AgentKind readKind(String kindName, Fields fields) throws IOException {
    return switch (kindName) {
      case AgentKind.Echo.NAME -> {
        Long delayMs = fields.read("delayMs", Long.class);
        if (delayMs != null && delayMs < 0) {
          throw fields.invalid("delayMs", "delayMs must be >= 0, got " + delayMs);
        }
        yield new AgentKind.Echo(delayMs == null ? 0 : delayMs);
      }
      case AgentKind.Command.NAME -> {
        List<String> command = fields.read("command", STRINGS);
        if (command == null) {
          throw fields.missing("command", "a command agent needs 'command' (the program and args)");
        }
        if (command.isEmpty() || command.get(0).isBlank()) {
          throw fields.invalid("command", "command must name a program");
        }
        yield new AgentKind.Command(
            command, fields.read("env", STRING_MAP), fields.read("workdir", String.class));
      }
      case AgentKind.Http.NAME ->
          new AgentKind.Http(fields.requiredText("url"), fields.read("headers", STRING_MAP));
      case AgentKind.Llm.NAME ->
          new AgentKind.Llm(
              fields.requiredText("baseUrl"),
              fields.requiredText("model"),
              fields.read("apiKeyEnv", String.class));
      default -> {
        JsonNode config = fields.tree.get("config");
        if (config != null && !config.isNull() && !config.isObject()) {
          throw fields.invalid("config", "config must be a JSON object");
        }
        yield new AgentKind.Custom(kindName, config);
      }
    };
  }

  private static String allowed(List<String> kindFields) {
    List<String> all = new ArrayList<>(SHARED);
    all.addAll(kindFields);
    return String.join(", ", all);
  }

  private static RejectedInputException reject(
      JsonParser p, RejectionCode code, String field, String message) {
    return new RejectedInputException(p, code, AgentSpec.class, field, message);
  }

  /** Typed access to the fields of the tree, with errors that name the field. */
  private record Fields(JsonParser p, DeserializationContext ctxt, JsonNode tree) {

    <T> T read(String field, Class<T> type) throws IOException {
      return read(field, type, null, () -> ctxt.constructType(type));
    }

    <T> T read(String field, JavaType type) throws IOException {
      return read(field, type.getRawClass(), type.getContentType(), () -> type);
    }

    /**
     * The field; null when absent or null. The common shapes come straight from the tree; only the rest needs
     * the JavaType ({@code type}, made only then).
     */
    private <T> T read(String field, Class<?> raw, JavaType content, Supplier<JavaType> type) throws IOException {
      JsonNode node = tree.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      T fast = fastPath(node, raw, content);
      return fast != null ? fast : readThroughJackson(field, node, type.get());
    }

    private <T> T readThroughJackson(String field, JsonNode node, JavaType type) throws IOException {
      try {
        return ctxt.readTreeAsValue(node, type);
      } catch (JsonMappingException e) {
        e.prependPath(AgentSpec.class, field);
        throw e;
      }
    }

    /**
     * The common shapes read straight from the tree (every task envelope carries a spec, so this is on
     * the worker's hot path); anything else, and every mismatch, goes through Jackson for its exact error.
     *
     * @param content the element type of a list; null for any other type
     */
    @SuppressWarnings("unchecked")
    private static <T> T fastPath(JsonNode node, Class<?> raw, JavaType content) {
      if (raw == String.class && node.isTextual()) {
        return (T) node.textValue();
      }
      if (raw == Integer.class && node.isInt()) {
        return (T) Integer.valueOf(node.intValue());
      }
      if (raw == Long.class && node.isIntegralNumber() && node.canConvertToLong()) {
        return (T) Long.valueOf(node.longValue());
      }
      if (raw == Boolean.class && node.isBoolean()) {
        return (T) Boolean.valueOf(node.booleanValue());
      }
      if (List.class.isAssignableFrom(raw) && content != null && node.isArray()) {
        Class<?> element = content.getRawClass();
        if (element == String.class) {
          return (T) texts(node, text -> text);
        }
        if (element == AgentSpec.Runtime.class) {
          return (T) texts(node, text -> AgentSpec.Runtime.fromWire(text).orElse(null));
        }
      }
      return null;
    }

    /** The array's elements mapped, or null if one is not text or maps to null (Jackson then says why). */
    private static <E> List<E> texts(JsonNode array, Function<String, E> map) {
      List<E> values = new ArrayList<>(array.size());
      for (JsonNode element : array) {
        E value = element.isTextual() ? map.apply(element.textValue()) : null;
        if (value == null) {
          return null;
        }
        values.add(value);
      }
      return values;
    }

    String requiredText(String field) throws IOException {
      String value = read(field, String.class);
      if (value == null) {
        throw missing(field, "'" + field + "' is required");
      }
      if (value.isBlank()) {
        throw invalid(field, "'" + field + "' must not be blank");
      }
      return value;
    }

    <T extends Number> T positive(String field, Class<T> type) throws IOException {
      T value = read(field, type);
      if (value != null && value.longValue() <= 0) {
        throw invalid(field, field + " must be > 0, got " + value);
      }
      return value;
    }

    RejectedInputException missing(String field, String message) {
      return reject(p, RejectionCode.MISSING_FIELD, field, message);
    }

    RejectedInputException invalid(String field, String message) {
      return reject(p, RejectionCode.INVALID_VALUE, field, message);
    }
  }
}
