package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.TaskEnvelope;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A task attempt the dispatch log (a runner's task topic) shows was sent. */
record Dispatch(TaskKey key, int attempt) {

  /**
   * What an envelope of the dispatch log says was sent: from its key and attempt header, without decoding
   * the envelope; an envelope written without the header is decoded.
   */
  static Decoded<Dispatch> of(ConsumerRecord<String, byte[]> record) {
    OptionalInt attempt = DispatchLogValues.sentAttempt(record.headers());
    if (attempt.isPresent() && record.key() != null) {
      try {
        return new Decoded.Ok<>(new Dispatch(TaskKey.parse(record.key()), attempt.getAsInt()));
      } catch (IllegalArgumentException e) {
        // not a task key: read the envelope itself (its value was skipped: it reads as unreadable)
      }
    }
    return switch (WireRecords.read(record, TaskEnvelope.class)) {
      case Decoded.Ok<TaskEnvelope> ok -> new Decoded.Ok<>(new Dispatch(ok.value().key(), ok.value().attempt()));
      case Decoded.Invalid<TaskEnvelope> bad -> new Decoded.Invalid<>(bad.rejection());
    };
  }
}
