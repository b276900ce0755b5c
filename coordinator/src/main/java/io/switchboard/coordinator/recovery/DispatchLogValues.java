package io.switchboard.coordinator.recovery;

import io.switchboard.common.wire.WireHeaders;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The record values a rebuild reads: every one as bytes, except the envelopes of the dispatch log (the task
 * topics) whose headers already say which attempt was sent. Those the rebuild never decodes, so their values
 * are not copied out of the fetched batch (a long history holds hundreds of MB of them); they read as empty.
 */
final class DispatchLogValues implements Deserializer<byte[]> {

  private static final byte[] SKIPPED = new byte[0];

  private final Predicate<String> taskTopic;

  DispatchLogValues(Predicate<String> taskTopic) {
    this.taskTopic = taskTopic;
  }

  @Override
  public byte[] deserialize(String topic, byte[] data) {
    return data;
  }

  @Override
  public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (taskTopic.test(topic) && sentAttempt(headers).isPresent()) {
      return SKIPPED;
    }
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return bytes;
  }

  /** The attempt an envelope's headers say was sent; empty when the envelope itself must be read. */
  static OptionalInt sentAttempt(Headers headers) {
    OptionalInt attempt = WireHeaders.attempt(headers);
    return attempt.isPresent() && WireHeaders.check(headers).isEmpty() ? attempt : OptionalInt.empty();
  }
}
