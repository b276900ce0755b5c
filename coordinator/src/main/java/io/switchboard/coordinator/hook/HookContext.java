package io.switchboard.coordinator.hook;

import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.topic.Topics;
import java.time.Clock;
import org.apache.kafka.clients.producer.Producer;

/**
 * What a hook may use: the coordinator's producer and topics, its configuration, the clock.
 *
 * @param maxRecordBytes the largest record value the coordinator writes ({@code --max-record-bytes}); a hook's
 *     records stay within it too
 */
public record HookContext(Producer<String, byte[]> producer, Topics topics, ConfigSource config, Clock clock,
    int maxRecordBytes) {}
