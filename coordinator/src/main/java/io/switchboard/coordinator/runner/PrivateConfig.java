package io.switchboard.coordinator.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of a runner's private config for its initializer: each read names the field when the value
 * is of the wrong type or out of range, and {@link #refuseUnknown} refuses a misspelt key instead of
 * ignoring it. Every failure is a {@link RunnerConfigException}.
 */
public final class PrivateConfig {

  private final ObjectNode node;

  public PrivateConfig(ObjectNode node) {
    this.node = node;
  }

  /** Refuses any field not in {@code known}. */
  public PrivateConfig refuseUnknown(Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RunnerConfigException(name, "unknown field; expected one of " + new TreeSet<>(known));
      }
    }
    return this;
  }

  public Optional<String> text(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new RunnerConfigException(field, "expected a non-empty string");
    }
    return Optional.of(value.asText());
  }

  /** An integer in {@code [min, max]}, else {@code fallback} when absent. */
  public long integer(String field, long fallback, long min, long max) {
    JsonNode value = present(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new RunnerConfigException(field, "expected an integer");
    }
    long n = value.asLong();
    if (n < min || n > max) {
      throw new RunnerConfigException(field, "must be between " + min + " and " + max + ": " + n);
    }
    return n;
  }

  /** An array of non-empty strings, else {@code fallback} when absent. */
  public List<String> strings(String field, List<String> fallback) {
    JsonNode value = present(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isArray()) {
      throw new RunnerConfigException(field, "expected an array of strings");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual() || value.get(i).asText().isEmpty()) {
        throw new RunnerConfigException(field + "[" + i + "]", "expected a non-empty string");
      }
      items.add(value.get(i).asText());
    }
    return List.copyOf(items);
  }

  /** An object of string values (e.g. environment variables), empty when absent. */
  public Map<String, String> stringMap(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new RunnerConfigException(field, "expected an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (var entries = value.fields(); entries.hasNext(); ) {
      var entry = entries.next();
      if (!entry.getValue().isTextual()) {
        throw new RunnerConfigException(field + "." + entry.getKey(), "expected a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  private JsonNode present(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }
}
