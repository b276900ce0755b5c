package io.switchboard.common.config;

import io.switchboard.common.topic.ShareGroupSettings;
import java.time.Duration;
import java.util.List;

/** The keys that set every runner's share-group configs. */
public final class ShareGroupConfig {

  public static final ConfigKey<Duration> LOCK = ConfigTypes.millis("lock-ms", Duration.ofSeconds(30),
      "How long a delivered task stays locked to its worker before redelivery (broker bounds apply).");
  public static final ConfigKey<Integer> DELIVERY_LIMIT = ConfigTypes.integer("delivery-limit", 5, 2, 10,
      "Deliveries of one task before it is a poison task.");

  public static final ConfigGroup GROUP = new ConfigGroup("Share groups",
      "Group-level configs Switchboard sets on each runner's share group.", List.of(LOCK, DELIVERY_LIMIT));

  private ShareGroupConfig() {}

  public static ShareGroupSettings from(ConfigSource source) {
    return new ShareGroupSettings(source.get(LOCK), source.get(DELIVERY_LIMIT));
  }
}
