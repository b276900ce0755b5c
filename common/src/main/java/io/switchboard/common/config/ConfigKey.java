package io.switchboard.common.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, declared once: its name (the command-line flag without {@code --}), how its
 * text is parsed, its default, and what it means. Its environment variable is derived:
 * {@code SWITCHBOARD_} + the name in upper case with {@code -} as {@code _}.
 *
 * @param name the flag name, e.g. {@code data-dir}
 * @param typeName what the value is, for the docs (e.g. {@code int}, {@code path})
 * @param parser parses the text of a flag or variable; throws IllegalArgumentException when invalid
 * @param defaultValue the value when neither flag nor variable is set; null means required or none
 * @param doc one sentence for the configuration table and {@code --help}
 */
public record ConfigKey<T>(
    String name, String typeName, Function<String, T> parser, T defaultValue, String doc) {

  public static final String ENV_PREFIX = "SWITCHBOARD_";

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(doc, "doc");
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("config key names are lower-case-with-dashes: " + name);
    }
  }

  /** The command-line flag, e.g. {@code --data-dir}. */
  public String flag() {
    return "--" + name;
  }

  /** The environment variable, e.g. {@code SWITCHBOARD_DATA_DIR}. */
  public String env() {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Parses {@code text}, naming this key and where the text came from when it is invalid. */
  public T parse(String text, String origin) {
    try {
      return parser.apply(text.strip());
    } catch (RuntimeException e) {
      throw new ConfigException(
          name, "invalid value '" + text + "' from " + origin + " (" + typeName + "): " + e.getMessage());
    }
  }

  /** The default as the docs show it. */
  public String defaultText() {
    if (defaultValue instanceof java.time.Duration d) {
      return Long.toString(d.toMillis());
    }
    return defaultValue == null ? "" : String.valueOf(defaultValue);
  }
}
