package io.switchboard.coordinator.dispatch;

import io.switchboard.common.model.Invocation;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.TargetChunks;
import io.switchboard.coordinator.state.InvocationState;
import java.util.List;

/**
 * An invocation that passed validation and resolution, ready for the engine: its state (not yet
 * visible), and the records that make its intent durable (the target chunks, already encoded, then the
 * head, encoded by the engine, which may still set its context's position).
 */
public record PlannedInvocation(Invocation invocation, InvocationState state,
    List<TargetChunks.Encoded> chunks, InvocationRecord.InvocationAccepted head) {

  public PlannedInvocation {
    chunks = List.copyOf(chunks);
  }

  public String id() {
    return state.id();
  }
}
