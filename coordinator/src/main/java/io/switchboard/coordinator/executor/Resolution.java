package io.switchboard.coordinator.executor;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.model.Executor;

/** Where one target runs, or why it cannot run anywhere ({@code no_executor}). */
public sealed interface Resolution {

  /** The target runs on {@code executor}. */
  record Resolved(Executor executor) implements Resolution {}

  /** Nothing is left of the intersection; {@code rejection} names the field and the empty sets. */
  record Refused(Rejection rejection) implements Resolution {}
}
