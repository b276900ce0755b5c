package io.switchboard.coordinator.engine;

import io.switchboard.common.error.Rejection;
import io.switchboard.coordinator.state.InvocationState;

/** The engine's answer to a submit: the accepted (or already known) invocation, or a refusal. */
public sealed interface SubmitOutcome {

  /**
   * @param invocation the invocation to wait on
   * @param existing true when this submit found an invocation already accepted with the same id
   */
  record Accepted(InvocationState invocation, boolean existing) implements SubmitOutcome {}

  record Refused(Rejection rejection) implements SubmitOutcome {}

  /** The intent could not be made durable (Kafka unavailable); nothing was accepted. */
  record Unavailable(String message) implements SubmitOutcome {}
}
