package io.switchboard.common.config;

import java.util.List;

/**
 * The keys one process (or one shared concern, like the Kafka connection) reads, for its {@code --help}
 * and the configuration table in docs/configuration.md.
 */
public record ConfigGroup(String title, String description, List<ConfigKey<?>> keys) {

  public ConfigGroup {
    keys = List.copyOf(keys);
  }
}
