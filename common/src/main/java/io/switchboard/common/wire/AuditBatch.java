package io.switchboard.common.wire;

import java.util.List;
import java.util.Objects;

/**
 * One record of {@code <p>.audit}, keyed by the invocation id: the audit events of that invocation's tasks
 * that happened together (in one batch of the coordinator's engine), in the order they happened. A task's
 * events are all under its invocation's key, so they stay in order on one partition.
 *
 * @param events at least one event
 */
public record AuditBatch(List<AuditEvent> events) {

  public AuditBatch {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an audit batch needs at least one event");
    }
    events = List.copyOf(events);
  }
}
