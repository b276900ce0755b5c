package io.switchboard.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** Parsers for the value types configuration keys use, with the names the docs show. */
public final class ConfigTypes {

  private ConfigTypes() {}

  public static ConfigKey<String> string(String name, String defaultValue, String doc) {
    return new ConfigKey<>(name, "string", Function.identity(), defaultValue, doc);
  }

  public static ConfigKey<Integer> integer(String name, Integer defaultValue, int min, int max, String doc) {
    return new ConfigKey<>(name, "int", text -> inRange(Integer.parseInt(text), min, max), defaultValue, doc);
  }

  public static ConfigKey<Path> path(String name, Path defaultValue, String doc) {
    return new ConfigKey<>(name, "path", Path::of, defaultValue, doc);
  }

  public static ConfigKey<Duration> millis(String name, Duration defaultValue, String doc) {
    return millis(name, defaultValue, 1, doc);
  }

  /** A duration in milliseconds of at least {@code minMillis} (0 where "at once" means something). */
  public static ConfigKey<Duration> millis(String name, Duration defaultValue, long minMillis, String doc) {
    return new ConfigKey<>(name, "ms",
        text -> Duration.ofMillis(inRange(Long.parseLong(text), minMillis, Long.MAX_VALUE)), defaultValue, doc);
  }

  public static ConfigKey<Boolean> bool(String name, Boolean defaultValue, String doc) {
    return new ConfigKey<>(name, "boolean", ConfigTypes::parseBoolean, defaultValue, doc);
  }

  private static boolean parseBoolean(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static <N extends Number & Comparable<N>> N inRange(N value, long min, long max) {
    if (value.longValue() < min || value.longValue() > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }
}
