package io.switchboard.common.config;

import java.util.List;
import java.util.Optional;

/**
 * How a process reaches Kafka and names its topics. Any other Kafka client property (SASL, TLS...) is
 * passed through with {@code --kafka-property key=value} or a properties file ({@code --kafka-config}).
 */
public record KafkaSettings(String bootstrap, String topicPrefix, Optional<Integer> partitions,
    Optional<Short> replicationFactor) {

  public static final ConfigKey<String> BOOTSTRAP =
      ConfigTypes.string("bootstrap", null, "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...].");
  public static final ConfigKey<String> TOPIC_PREFIX =
      ConfigTypes.string("topic-prefix", "switchboard", "Prefix of every topic and share group name.");
  public static final ConfigKey<Integer> PARTITIONS = ConfigTypes.integer("partitions", null, 1, 10_000,
      "Partitions of topics Switchboard creates; empty = the broker's num.partitions.");
  public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigTypes.integer("replication-factor", null,
      1, Short.MAX_VALUE, "Replication factor of topics Switchboard creates; empty = the broker's default.");

  public static final ConfigGroup GROUP = new ConfigGroup("Kafka connection",
      "Read by every process that talks to Kafka (coordinator, worker, dev, bench).",
      List.of(BOOTSTRAP, TOPIC_PREFIX, PARTITIONS, REPLICATION_FACTOR));

  public static KafkaSettings from(ConfigSource source) {
    return new KafkaSettings(source.get(BOOTSTRAP), source.get(TOPIC_PREFIX), source.find(PARTITIONS),
        source.find(REPLICATION_FACTOR).map(Integer::shortValue));
  }
}
