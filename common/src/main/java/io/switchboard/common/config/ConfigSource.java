package io.switchboard.common.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where configuration values come from, in order: command-line flags, then {@code SWITCHBOARD_*}
 * environment variables, then each key's default.
 */
public final class ConfigSource {

  private final Map<String, String> flags;
  private final Map<String, String> env;

  /**
   * @param flags flag values by key name (without {@code --})
   * @param env the environment, usually {@code System.getenv()}
   */
  public ConfigSource(Map<String, String> flags, Map<String, String> env) {
    this.flags = Map.copyOf(flags);
    this.env = Map.copyOf(env);
  }

  public static ConfigSource ofFlags(Map<String, String> flags) {
    return new ConfigSource(flags, System.getenv());
  }

  /** The key's value: flag, else environment, else default. */
  public <T> Optional<T> find(ConfigKey<T> key) {
    String flag = flags.get(key.name());
    if (flag != null) {
      return Optional.of(key.parse(flag, key.flag()));
    }
    String var = env.get(key.env());
    if (var != null && !var.isBlank()) {
      return Optional.of(key.parse(var, key.env()));
    }
    return Optional.ofNullable(key.defaultValue());
  }

  /** The key's value; a key without a value and without a default is an error naming it. */
  public <T> T get(ConfigKey<T> key) {
    return find(key)
        .orElseThrow(() -> new ConfigException(key.name(), "required: set " + key.flag() + " or " + key.env()));
  }
}
