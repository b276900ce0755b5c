package io.switchboard.common.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one configured {@link ObjectMapper} for everything Switchboard reads and writes.
 *
 * <p>Strict on input: unknown properties, duplicate keys, trailing tokens, {@code null} for a
 * primitive, {@code null} inside an array or map, and scalar coercions ({@code "2"} for a number,
 * {@code 2} for a string, {@code 2.5} for an integer) all fail. Instants are ISO-8601 strings. Null
 * fields are written unless a type says otherwise with {@code @JsonInclude}: API responses show
 * every field, as api.md does.
 *
 * <p>The shared instance must not be reconfigured; use {@link #newMapper()} for a private copy.
 */
public final class Json {

  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  /** The shared mapper; thread-safe, do not reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh mapper with Switchboard's settings, for callers that need to adjust it. */
  public static ObjectMapper newMapper() {
    return settings()
        .addModule(new InstantModule()) // after JavaTimeModule: its Instant reader and writer win
        .build();
  }

  /** Switchboard's settings with {@code JavaTimeModule}'s own Instant reader and writer, the reference. */
  static JsonMapper.Builder settings() {
    // Jackson's buffers are recycled per thread by default: a task's virtual thread lives for one task, so
    // each encoding and decoding allocated fresh 8-16 KB buffers; one shared pool recycles them across threads
    JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    return JsonMapper.builder(factory)
        // reads and writes record components through generated accessors rather than reflection
        .addModule(new BlackbirdModule())
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
        .withCoercionConfig(
            LogicalType.Textual,
            config ->
                config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
