package io.switchboard.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives a JSON Schema (draft 2020-12) from a Java record, for {@link Step#returning(Class)}: the
 * agent's output must then be JSON of that shape, and {@link StepResult#structured(Class)} maps it
 * back to the record.
 *
 * <p>Mapping: a record is an {@code object} whose components are its properties, all required
 * except {@link Optional} ones, no others allowed; {@code String}/{@code char} → {@code string};
 * {@code boolean} → {@code boolean}; {@code int}, {@code long}, {@code short}, {@code byte},
 * {@link BigInteger} → {@code integer}; {@code double}, {@code float}, {@link BigDecimal}, other
 * {@link Number}s → {@code number}; an enum → {@code string} with its constants; a {@link
 * Collection} or array → {@code array} of its element; a {@code Map<String, V>} → {@code
 * object} of {@code V}; {@link JsonNode} and {@code Object} → any value. Anything else is
 * refused with {@link IllegalArgumentException}, as is a record that contains itself.
 */
public final class OutputSchema {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OutputSchema() {}

  /** The schema of {@code type}. */
  public static ObjectNode of(Class<?> type) {
    return schema(type, new HashSet<>());
  }

  private static ObjectNode schema(Type type, Set<Class<?>> enclosing) {
    if (type instanceof ParameterizedType parameterized) {
      return parameterized(parameterized, enclosing);
    }
    if (type instanceof GenericArrayType array) {
      return arrayOf(schema(array.getGenericComponentType(), enclosing));
    }
    if (type instanceof WildcardType wildcard) {
      return schema(wildcard.getUpperBounds()[0], enclosing);
    }
    if (!(type instanceof Class<?> raw)) {
      throw new IllegalArgumentException("no JSON schema for type " + type);
    }
    if (raw == String.class || raw == char.class || raw == Character.class) {
      return typed("string");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return typed("boolean");
    }
    if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
        || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class
        || raw == BigInteger.class) {
      return typed("integer");
    }
    if (raw == double.class || raw == float.class || Number.class.isAssignableFrom(raw)) {
      return typed("number");
    }
    if (raw.isEnum()) {
      ArrayNode values = NODES.arrayNode();
      for (Object constant : raw.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      ObjectNode schema = typed("string");
      schema.set("enum", values);
      return schema;
    }
    if (raw.isArray()) {
      return arrayOf(schema(raw.getComponentType(), enclosing));
    }
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return NODES.objectNode();
    }
    if (raw.isRecord()) {
      return record(raw, enclosing);
    }
    throw new IllegalArgumentException(
        "no JSON schema for " + raw.getName() + ": use a record, a string, a number, a boolean, an"
            + " enum, a list or a map");
  }

  private static ObjectNode parameterized(ParameterizedType type, Set<Class<?>> enclosing) {
    Class<?> raw = (Class<?>) type.getRawType();
    Type[] arguments = type.getActualTypeArguments();
    if (Collection.class.isAssignableFrom(raw)) {
      return arrayOf(schema(arguments[0], enclosing));
    }
    if (Map.class.isAssignableFrom(raw)) {
      if (arguments[0] != String.class) {
        throw new IllegalArgumentException("a map needs String keys for a JSON schema: " + type);
      }
      ObjectNode schema = typed("object");
      schema.set("additionalProperties", schema(arguments[1], enclosing));
      return schema;
    }
    if (raw == Optional.class) {
      return schema(arguments[0], enclosing);
    }
    throw new IllegalArgumentException("no JSON schema for " + type);
  }

  private static ObjectNode record(Class<?> type, Set<Class<?>> enclosing) {
    if (!enclosing.add(type)) {
      throw new IllegalArgumentException("record " + type.getName() + " contains itself");
    }
    ObjectNode properties = NODES.objectNode();
    ArrayNode required = NODES.arrayNode();
    for (RecordComponent component : type.getRecordComponents()) {
      properties.set(component.getName(), schema(component.getGenericType(), enclosing));
      if (component.getType() != Optional.class) {
        required.add(component.getName());
      }
    }
    enclosing.remove(type);
    ObjectNode schema = typed("object");
    schema.set("properties", properties);
    schema.set("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  private static ObjectNode arrayOf(ObjectNode items) {
    ObjectNode schema = typed("array");
    schema.set("items", items);
    return schema;
  }

  private static ObjectNode typed(String name) {
    return NODES.objectNode().put("type", name);
  }
}
