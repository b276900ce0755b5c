package io.switchboard.coordinator.feed;

import io.switchboard.common.wire.TaskResult;
import org.apache.kafka.common.TopicPartition;

/** A result read from the results topic, with its bytes and position for the state store. */
public record ConsumedResult(TaskResult result, byte[] raw, TopicPartition partition, long offset) {}
