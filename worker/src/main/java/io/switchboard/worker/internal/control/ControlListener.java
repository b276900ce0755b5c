package io.switchboard.worker.internal.control;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.wire.ControlMessage;
import io.switchboard.worker.internal.run.CancelCause;
import io.switchboard.worker.internal.run.RunningTasks;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the records of {@code <p>.control}: a {@code CancelTask} is remembered (so a later delivery of
 * the task is skipped) and stops the task at once when it runs here, killing its process tree. An
 * unreadable record is dead-lettered.
 */
public final class ControlListener implements Consumer<ConsumerRecord<String, byte[]>> {

  private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

  private final CancelledKeys cancelled;
  private final RunningTasks running;
  private final DeadLetters deadLetters;

  public ControlListener(CancelledKeys cancelled, RunningTasks running, DeadLetters deadLetters) {
    this.cancelled = cancelled;
    this.running = running;
    this.deadLetters = deadLetters;
  }

  @Override
  public void accept(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return; // a tombstone carries no command
    }
    switch (WireRecords.read(record, ControlMessage.class)) {
      case Decoded.Invalid<ControlMessage> invalid -> deadLetters.unreadable(record, invalid.rejection());
      case Decoded.Ok<ControlMessage> ok -> apply(ok.value());
    }
  }

  private void apply(ControlMessage message) {
    switch (message) {
      case ControlMessage.CancelTask cancel -> {
        // remembered first: a task that registers after this line finds the key, one before it is cancelled below
        cancelled.remember(cancel.key(), cancel.reason());
        boolean stopped = running.cancel(cancel.key(), new CancelCause.Requested(cancel.reason()));
        log.debug("task {}: cancel received{}", cancel.key(), stopped ? "; stopped it here" : "");
      }
    }
  }
}
