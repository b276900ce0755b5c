package io.switchboard.common.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * How to start the workers of one runner: its {@code kind} names a runner initializer of the coordinator
 * (e.g. {@code process}), and {@code config} is that initializer's private configuration, which only it
 * reads and validates. One entry of a {@code --runners-file} ({@link RunnerFiles}).
 *
 * @param name the runner (its task topic and share group), as in {@code executor.runner}
 * @param kind the initializer that starts its workers
 * @param config the initializer's own settings (a JSON object; empty when none)
 */
public record RunnerConfig(String name, String kind, ObjectNode config) {

  /** What a runner name may be: the same rule as a worker's {@code --runner}. */
  public static final String NAME_PATTERN = "[a-zA-Z0-9._-]{1,180}";

  private static final String KIND_PATTERN = "[a-z][a-z0-9-]{0,63}";

  public RunnerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(config, "config");
    if (!name.matches(NAME_PATTERN)) {
      throw new IllegalArgumentException("must be 1-180 characters of [a-zA-Z0-9._-]: '" + name + "'");
    }
    if (name.equals(io.switchboard.common.topic.Topics.LOCAL_RUNNER)) {
      throw new IllegalArgumentException("'local' is reserved for the coordinator's local executor");
    }
    if (!kind.matches(KIND_PATTERN)) {
      throw new IllegalArgumentException("must be lower-case letters, digits and '-': '" + kind + "'");
    }
    config = config.deepCopy();
  }

  /** The private configuration (a copy: the record stays immutable). */
  @Override
  public ObjectNode config() {
    return config.deepCopy();
  }
}
