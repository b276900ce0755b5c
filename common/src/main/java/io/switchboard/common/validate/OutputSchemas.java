package io.switchboard.common.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Output-schema validation (JSON Schema draft 2020-12 unless a schema's {@code $schema} says
 * otherwise), with compiled schemas cached by their JSON in a bounded LRU map. Thread-safe.
 *
 * <p>Schemas are never fetched from the network: only the meta-schemas bundled on the classpath may
 * be loaded, so a {@code $ref} to a remote URL makes the schema invalid rather than reaching out.
 */
public final class OutputSchemas {

  /** How many compiled schemas are kept by default. */
  public static final int DEFAULT_CACHE_SIZE = 1024;

  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private static final int MAX_DETAILS = 20;

  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final JsonSchema metaSchema;
  private final Map<JsonNode, JsonSchema> cache;

  /** With the default cache size. */
  public OutputSchemas() {
    this(DEFAULT_CACHE_SIZE);
  }

  /** With a cache of at most {@code cacheSize} compiled schemas. */
  public OutputSchemas(int cacheSize) {
    this.factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder.schemaLoaders(
                    loaders ->
                        loaders.add(
                            new AllowSchemaLoader(iri -> "classpath".equals(iri.getScheme())))));
    this.config = SchemaValidatorsConfig.builder().build();
    this.metaSchema = factory.getSchema(SchemaLocation.of(META_SCHEMA), config);
    this.cache = new BoundedCache<>(cacheSize);
  }

  /**
   * Empty when {@code schema} is a valid JSON Schema (or null); else an {@code invalid_schema}
   * rejection for {@code field}.
   */
  public Optional<Rejection> checkSchema(JsonNode schema, String field) {
    if (schema == null || schema.isNull()) {
      return Optional.empty();
    }
    if (!schema.isObject() && !schema.isBoolean()) {
      return Optional.of(
          Rejection.of(
              RejectionCode.INVALID_SCHEMA, field, "a JSON Schema is an object or a boolean"));
    }
    if (cached(schema) != null) {
      return Optional.empty(); // compiled before, so checked before
    }
    try {
      List<String> problems = messages(metaSchema.validate(schema));
      if (!problems.isEmpty()) {
        return Optional.of(
            Rejection.of(
                RejectionCode.INVALID_SCHEMA,
                field,
                "not a valid JSON Schema: " + String.join("; ", problems)));
      }
      compile(schema);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          Rejection.of(
              RejectionCode.INVALID_SCHEMA, field, "not a valid JSON Schema: " + e.getMessage()));
    }
  }

  /**
   * Parses {@code output} as JSON and validates it against {@code schema}: {@link
   * SchemaCheck.Valid} with the parsed JSON, or {@link SchemaCheck.Mismatch} with a {@code
   * schema_mismatch} error whose details are the validator's messages.
   */
  public SchemaCheck check(JsonNode schema, String output) {
    JsonNode structured;
    try {
      structured = Json.mapper().readTree(output == null ? "" : output);
    } catch (JsonProcessingException e) {
      return mismatch("output is not JSON: " + e.getOriginalMessage(), List.of());
    }
    if (structured == null || structured.isMissingNode()) {
      return mismatch("output is not JSON: it is empty", List.of());
    }
    JsonSchema compiled;
    try {
      compiled = compile(schema);
    } catch (RuntimeException e) {
      return mismatch("the output schema is invalid: " + e.getMessage(), List.of());
    }
    List<String> problems = messages(compiled.validate(structured));
    if (!problems.isEmpty()) {
      return mismatch("output does not match the schema", problems);
    }
    return new SchemaCheck.Valid(structured);
  }

  private JsonSchema cached(JsonNode schema) {
    synchronized (cache) {
      return cache.get(schema);
    }
  }

  private JsonSchema compile(JsonNode schema) {
    JsonSchema cached = cached(schema);
    if (cached != null) {
      return cached;
    }
    JsonSchema compiled = factory.getSchema(schema, config);
    compiled.initializeValidators();
    synchronized (cache) {
      cache.put(schema.deepCopy(), compiled);
    }
    return compiled;
  }

  private static List<String> messages(Set<ValidationMessage> messages) {
    return messages.stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .limit(MAX_DETAILS)
        .toList();
  }

  private static SchemaCheck mismatch(String message, Collection<String> details) {
    return new SchemaCheck.Mismatch(
        new TaskError(ErrorCode.SCHEMA_MISMATCH, message, List.copyOf(details)));
  }

  /** An access-ordered map that drops its least recently used entry past {@code capacity}. */
  private static final class BoundedCache<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    BoundedCache(int capacity) {
      super(16, 0.75f, true);
      this.capacity = Math.max(1, capacity);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }
}
