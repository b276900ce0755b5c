package io.switchboard.coordinator.context;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.ContextEntry;

/** What became of an append: durable with its seq, or refused and why. */
public sealed interface AppendOutcome {

  /** Kafka acknowledged the entry: it is durable and visible to every reader. */
  record Appended(ContextEntry entry) implements AppendOutcome {}

  /** No task has this key. */
  record NotFound(TaskKey key) implements AppendOutcome {}

  /** The context's owner finished: its context takes no more entries. */
  record Closed(TaskKey owner) implements AppendOutcome {}

  /** Kafka would not take the entry; nothing was appended. */
  record Unavailable(String message) implements AppendOutcome {}
}
