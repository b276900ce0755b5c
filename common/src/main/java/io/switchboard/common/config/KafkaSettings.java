package io.switchboard.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How a process reaches Kafka and names its topics. Any other Kafka client property (SASL, TLS...) is
 * passed through to every client: from a properties file ({@code --kafka-config}) and from
 * {@code --kafka-property key=value[;key=value...]}, which wins.
 *
 * @param clientProperties pass-through client properties, applied before Switchboard's own
 */
public record KafkaSettings(String bootstrap, String topicPrefix, Optional<Integer> partitions,
    Optional<Short> replicationFactor, Map<String, String> clientProperties) {

  public static final ConfigKey<String> BOOTSTRAP =
      ConfigTypes.string("bootstrap", null, "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...].");
  public static final ConfigKey<String> TOPIC_PREFIX =
      ConfigTypes.string("topic-prefix", "switchboard", "Prefix of every topic and share group name.");
  public static final ConfigKey<Integer> PARTITIONS = ConfigTypes.integer("partitions", null, 1, 10_000,
      "Partitions of topics Switchboard creates; empty = the broker's num.partitions.");
  public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigTypes.integer("replication-factor", null,
      1, Short.MAX_VALUE, "Replication factor of topics Switchboard creates; empty = the broker's default.");
  public static final ConfigKey<Path> CLIENT_CONFIG = ConfigTypes.path("kafka-config", null,
      "A Kafka client properties file (SASL, TLS...) applied to every producer, consumer and admin client.");
  public static final ConfigKey<Map<String, String>> CLIENT_PROPERTIES = new ConfigKey<>("kafka-property",
      "key=value;...", KafkaSettings::parsePairs, Map.of(),
      "Kafka client properties passed through to every client, e.g. security.protocol=SASL_SSL; also a "
          + "producer's linger.ms (default 0) and compression.type (default none); acks=all and idempotence stay.");

  public static final ConfigGroup GROUP = new ConfigGroup("Kafka connection",
      "Read by every process that talks to Kafka (coordinator, worker, dev, bench).",
      List.of(BOOTSTRAP, TOPIC_PREFIX, PARTITIONS, REPLICATION_FACTOR, CLIENT_CONFIG, CLIENT_PROPERTIES));

  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  public KafkaSettings(String bootstrap, String topicPrefix, Optional<Integer> partitions,
      Optional<Short> replicationFactor) {
    this(bootstrap, topicPrefix, partitions, replicationFactor, Map.of());
  }

  /** The same settings against another bootstrap (e.g. the embedded broker's address). */
  public KafkaSettings withBootstrap(String newBootstrap) {
    return new KafkaSettings(newBootstrap, topicPrefix, partitions, replicationFactor, clientProperties);
  }

  public static KafkaSettings from(ConfigSource source) {
    return fromWithBootstrap(source, source.get(BOOTSTRAP));
  }

  /** For processes that bring their own broker: everything but the bootstrap from {@code source}. */
  public static KafkaSettings fromWithBootstrap(ConfigSource source, String bootstrap) {
    Map<String, String> client = new LinkedHashMap<>();
    source.find(CLIENT_CONFIG).ifPresent(file -> client.putAll(readProperties(file)));
    client.putAll(source.get(CLIENT_PROPERTIES));
    return new KafkaSettings(bootstrap, source.get(TOPIC_PREFIX), source.find(PARTITIONS),
        source.find(REPLICATION_FACTOR).map(Integer::shortValue), client);
  }

  static Map<String, String> parsePairs(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : text.split("[;\n]")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + pair.strip() + "'");
      }
      pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return pairs;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new ConfigException(CLIENT_CONFIG.name(), "cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> map = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
    return map;
  }

}
