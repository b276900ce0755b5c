package io.switchboard.common.topic;

/** How Kafka keeps a topic's records: by key (compact) or by age (delete). */
public enum CleanupPolicy {
  COMPACT("compact"),
  DELETE("delete");

  private final String configValue;

  CleanupPolicy(String configValue) {
    this.configValue = configValue;
  }

  /** The value of the topic config {@code cleanup.policy}. */
  public String configValue() {
    return configValue;
  }
}
