package io.switchboard.coordinator.runner;

import io.switchboard.common.config.KafkaSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an initializer may use to start workers: how they reach Kafka, the coordinator's URL (known once
 * its API serves), a directory of its own for logs, and the coordinator's clock.
 *
 * @param kafka the coordinator's Kafka settings (bootstrap, topic prefix, client properties)
 * @param coordinatorUrl the coordinator's HTTP URL; call it only from {@link RunnerInitializer#reconcile}
 * @param dataDir a directory for the initializers' files (e.g. worker logs under {@code <runner>/})
 * @param clock the coordinator's clock (idle and start timeouts)
 */
public record RunnerContext(KafkaSettings kafka, Supplier<URI> coordinatorUrl, Path dataDir, Clock clock) {

  public RunnerContext {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(coordinatorUrl, "coordinatorUrl");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
  }
}
