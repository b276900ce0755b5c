package io.switchboard.common.kafka;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.WireHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Wire records to and from Kafka records: the value is the record's JSON, and the headers carry the
 * schema version and type ({@link WireHeaders}). Reading never throws for bad input: a record that cannot
 * be read comes back as {@link Decoded.Invalid} with the reason, for the dead-letter topic.
 */
public final class WireRecords {

  private WireRecords() {}

  /** A record of {@code value} keyed by {@code key}, with the schema headers of the value's type. */
  public static ProducerRecord<String, byte[]> of(String topic, String key, Object value) {
    return new ProducerRecord<>(topic, null, key, JsonCodec.encode(value), WireHeaders.of(value.getClass()));
  }

  /** The same, to a chosen partition. */
  public static ProducerRecord<String, byte[]> of(String topic, int partition, String key, Object value) {
    return new ProducerRecord<>(topic, partition, key, JsonCodec.encode(value), WireHeaders.of(value.getClass()));
  }

  /** A record of a value of {@code type} already encoded ({@code json}), to a chosen partition. */
  public static ProducerRecord<String, byte[]> encoded(String topic, int partition, String key, byte[] json,
      Class<?> type) {
    return new ProducerRecord<>(topic, partition, key, json, WireHeaders.of(type));
  }

  /** A task envelope for a runner's topic, keyed by its task key, its attempt also in a header. */
  public static ProducerRecord<String, byte[]> envelope(String topic, TaskEnvelope envelope) {
    ProducerRecord<String, byte[]> record = of(topic, envelope.key().toString(), envelope);
    record.headers().add(WireHeaders.ATTEMPT, Integer.toString(envelope.attempt()).getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /**
   * The same, carrying the records of its invocation's intent (see {@link WireHeaders#INTENT}), in order;
   * none when {@code intent} is empty.
   */
  public static ProducerRecord<String, byte[]> envelope(String topic, TaskEnvelope envelope, List<byte[]> intent) {
    ProducerRecord<String, byte[]> record = envelope(topic, envelope);
    intent.forEach(value -> record.headers().add(WireHeaders.INTENT, value));
    return record;
  }

  /** A tombstone: deletes {@code key} from a compacted topic. */
  public static ProducerRecord<String, byte[]> tombstone(String topic, String key) {
    return new ProducerRecord<>(topic, null, key, null, WireHeaders.of(Void.class));
  }

  /** Reads a record's value as {@code type}, checking its schema version first. */
  public static <T> Decoded<T> read(ConsumerRecord<String, byte[]> record, Class<T> type) {
    var versionProblem = WireHeaders.check(record.headers());
    if (versionProblem.isPresent()) {
      return new Decoded.Invalid<>(versionProblem.get());
    }
    if (record.value() == null) {
      return new Decoded.Invalid<>(io.switchboard.common.error.Rejection.of(
          io.switchboard.common.error.RejectionCode.MISSING_FIELD, "value", "the record has no value"));
    }
    return JsonCodec.decode(record.value(), type);
  }
}
