package io.switchboard.common.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code switchboard dev}: an embedded broker, a coordinator and a worker in one process, with all data
 * under one directory ({@code kafka/} and {@code coordinator/} inside it) kept across restarts.
 */
public record DevConfig(int port, int kafkaPort, Path dataDir, Optional<Path> agentsFile, int concurrency) {

  public static final ConfigKey<Integer> PORT =
      ConfigTypes.integer("port", 8080, 0, 65535, "Port of the HTTP API; 0 picks a free port.");
  public static final ConfigKey<Integer> KAFKA_PORT = ConfigTypes.integer("kafka-port", 9092, 0, 65535,
      "Port of the embedded Kafka broker (workers on other machines connect here); 0 picks a free port.");
  public static final ConfigKey<Path> DATA_DIR = ConfigTypes.path("data-dir", Path.of(".switchboard"),
      "Directory of all dev data (broker log, coordinator state); kept across restarts.");
  public static final ConfigKey<Integer> CONCURRENCY = ConfigTypes.integer("concurrency", 16, 1, 10_000,
      "At most this many tasks run at once in the embedded worker.");

  public static final ConfigGroup GROUP = new ConfigGroup("Development (`switchboard dev`)",
      "Broker, coordinator and worker in one process, for a laptop or a quick start.",
      List.of(PORT, KAFKA_PORT, DATA_DIR, CoordinatorConfig.AGENTS, CONCURRENCY));

  public static DevConfig from(ConfigSource source) {
    return new DevConfig(source.get(PORT), source.get(KAFKA_PORT), source.get(DATA_DIR),
        source.find(CoordinatorConfig.AGENTS), source.get(CONCURRENCY));
  }
}
