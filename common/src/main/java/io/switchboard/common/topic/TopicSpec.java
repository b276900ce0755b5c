package io.switchboard.common.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic as Switchboard wants it: name, cleanup policy, retention for deleting topics, and
 * partitions / replication factor (empty = the broker's default).
 */
public record TopicSpec(
    String name,
    CleanupPolicy cleanup,
    Optional<Duration> retention,
    Optional<Integer> partitions,
    Optional<Short> replicationFactor) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    if (cleanup == CleanupPolicy.COMPACT && retention.isPresent()) {
      throw new IllegalArgumentException("a compacted topic keeps every key; no retention: " + name);
    }
  }

  /** The topic configs Switchboard sets on creation. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.configValue());
    retention.ifPresent(r -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
    if (cleanup == CleanupPolicy.COMPACT) {
      // compact the journal soon after a key is superseded, but never the newest record of a key
      configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");
    }
    return configs;
  }

  /** The Admin API request that creates this topic. */
  public NewTopic toNewTopic() {
    return new NewTopic(name, partitions, replicationFactor).configs(configs());
  }
}
