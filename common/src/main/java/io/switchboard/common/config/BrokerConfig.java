package io.switchboard.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded single-node KRaft broker of {@code switchboard kafka} and {@code switchboard dev}.
 *
 * @param host the address it listens on (loopback by default)
 * @param port the broker port; 0 picks a free one
 * @param dataDir where its log lives; kept across restarts
 * @param minLockDuration the smallest share-group lock a group may set (tests use short locks)
 */
public record BrokerConfig(String host, int port, Path dataDir, Duration minLockDuration) {

  public static final ConfigKey<String> HOST =
      ConfigTypes.string("kafka-host", "127.0.0.1", "Address the embedded broker listens on.");
  public static final ConfigKey<Integer> PORT =
      ConfigTypes.integer("port", 9092, 0, 65535, "Port of the embedded broker; 0 picks a free port.");
  public static final ConfigKey<Path> DATA_DIR = ConfigTypes.path("data-dir", Path.of(".switchboard/kafka"),
      "Directory of the broker's log; the data survives restarts.");
  public static final ConfigKey<Duration> MIN_LOCK = ConfigTypes.millis("min-lock-ms", Duration.ofSeconds(1),
      "Smallest share-group record lock duration a group may set (broker bound).");

  public static final ConfigGroup GROUP = new ConfigGroup("Embedded broker (`switchboard kafka`)",
      "A single-node KRaft Kafka 4.4 broker, no Docker needed.", List.of(HOST, PORT, DATA_DIR, MIN_LOCK));

  public BrokerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
  }

  public static BrokerConfig from(ConfigSource source) {
    return new BrokerConfig(source.get(HOST), source.get(PORT), source.get(DATA_DIR), source.get(MIN_LOCK));
  }
}
