package io.switchboard.coordinator.executor;

import io.switchboard.common.config.KafkaSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * What the local executor needs from its coordinator.
 *
 * @param kafka the coordinator's Kafka settings (same cluster, same topic prefix)
 * @param concurrency at most this many local tasks run at once
 * @param deliveryLimit a local task delivered this many times is a poison task (the share group's limit)
 * @param coordinatorUrl the coordinator's API, for agents' sub-invocations and context appends
 * @param grace on stop, how long running local tasks may finish before they are handed back
 * @param clock the coordinator's clock
 */
public record LocalExecutorSettings(KafkaSettings kafka, int concurrency, int deliveryLimit, URI coordinatorUrl,
    Duration grace, Clock clock) {}
