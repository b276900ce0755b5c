package io.switchboard.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A {@code --runners-file}: {@code {"runners": [{"name": "gpu", "kind": "process", "config": {...}}]}}.
 * Read whole and validated before anything uses it: a bad file is one {@link ConfigException} naming the
 * key, the file and the field at fault (e.g. {@code runners[1].kind}), and nothing of it is applied.
 */
public final class RunnerFiles {

  private static final Set<String> ENTRY_FIELDS = Set.of("name", "kind", "config");

  private RunnerFiles() {}

  /** The runners of {@code file}, in file order. */
  public static List<RunnerConfig> read(Path file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw refuse(file, "", "cannot read: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw refuse(file, "", "expected a JSON object {\"runners\": [...]}");
    }
    unknownFields(file, "", root, Set.of("runners"));
    JsonNode runners = root.path("runners");
    if (!runners.isArray()) {
      throw refuse(file, "runners", "required: an array of {name, kind, config}");
    }
    List<RunnerConfig> configs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < runners.size(); i++) {
      RunnerConfig config = entry(file, "runners[" + i + "]", runners.get(i));
      if (!names.add(config.name())) {
        throw refuse(file, "runners[" + i + "].name", "runner '" + config.name() + "' is configured twice");
      }
      configs.add(config);
    }
    return List.copyOf(configs);
  }

  private static RunnerConfig entry(Path file, String at, JsonNode node) {
    if (!node.isObject()) {
      throw refuse(file, at, "expected an object {name, kind, config}");
    }
    unknownFields(file, at, node, ENTRY_FIELDS);
    String name = text(file, at + ".name", node.get("name"));
    String kind = text(file, at + ".kind", node.get("kind"));
    JsonNode config = node.get("config");
    if (config != null && !config.isNull() && !config.isObject()) {
      throw refuse(file, at + ".config", "expected an object (the kind's own settings)");
    }
    ObjectNode settings = config instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    try {
      return new RunnerConfig(name, kind, settings);
    } catch (IllegalArgumentException e) {
      String field = name.matches(RunnerConfig.NAME_PATTERN) ? ".kind" : ".name";
      throw refuse(file, at + field, e.getMessage());
    }
  }

  private static String text(Path file, String field, JsonNode node) {
    if (node == null || node.isNull()) {
      throw refuse(file, field, "required");
    }
    if (!node.isTextual()) {
      throw refuse(file, field, "expected a string");
    }
    return node.asText();
  }

  private static void unknownFields(Path file, String at, JsonNode node, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw refuse(file, at.isEmpty() ? name : at + "." + name,
            "unknown field; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static ConfigException refuse(Path file, String field, String message) {
    return new ConfigException(CoordinatorConfig.RUNNERS_FILE.name(),
        file + (field.isEmpty() ? "" : ": " + field) + ": " + message);
  }
}
