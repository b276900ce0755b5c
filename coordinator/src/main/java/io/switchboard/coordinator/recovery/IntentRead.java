package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.WireHeaders;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record of {@code <p>.invocations} as a rebuild reads it: decoded in full, or a target chunk only scanned. */
sealed interface IntentRead {

  record Whole(InvocationRecord record) implements IntentRead {}

  record Scanned(ScannedChunk chunk) implements IntentRead {}

  /**
   * A target chunk is scanned for its task ids only ({@link ScannedChunk}): most are of invocations that
   * finished plainly and never need their targets; anything else, or a chunk the scan cannot vouch for, is
   * decoded in full (and is unreadable if that fails).
   */
  static Decoded<IntentRead> of(ConsumerRecord<String, byte[]> record) {
    if (record.key() != null && record.key().contains("/chunks/") && record.value() != null
        && WireHeaders.check(record.headers()).isEmpty()) {
      Optional<ScannedChunk> scanned = ScannedChunk.scan(record.value());
      if (scanned.isPresent()) {
        return new Decoded.Ok<>(new Scanned(scanned.get()));
      }
    }
    return switch (WireRecords.read(record, InvocationRecord.class)) {
      case Decoded.Ok<InvocationRecord> ok -> new Decoded.Ok<>(new Whole(ok.value()));
      case Decoded.Invalid<InvocationRecord> bad -> new Decoded.Invalid<>(bad.rejection());
    };
  }
}
