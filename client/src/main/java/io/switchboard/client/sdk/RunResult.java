package io.switchboard.client.sdk;

import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.InvocationStatus;
import java.util.List;
import java.util.Objects;

/**
 * The finished result of one invocation: its steps' results in input order.
 *
 * @param invocationId the invocation's id (its {@code workflowId})
 * @param status {@code succeeded} (every step did), {@code failed} or {@code cancelled}
 * @param steps one result per target, in the order of the targets, never completion order
 */
public record RunResult(String invocationId, InvocationStatus status, List<StepResult> steps) {

  public RunResult {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(status, "status");
    steps = List.copyOf(steps);
  }

  /** The typed view of a finished api.md result. */
  public static RunResult of(InvocationResult result) {
    if (result.outcomes() == null) {
      throw new IllegalArgumentException("invocation " + result.invocationId() + " is still "
          + result.status().wireName());
    }
    return new RunResult(result.invocationId(), result.status(),
        result.outcomes().stream().map(StepResult::of).toList());
  }

  /** Whether every step succeeded. */
  public boolean success() {
    return status == InvocationStatus.SUCCEEDED;
  }

  /** The result of a one-step invocation. */
  public StepResult single() {
    if (steps.size() != 1) {
      throw new IllegalStateException("invocation " + invocationId + " has " + steps.size()
          + " steps, not one");
    }
    return steps.get(0);
  }
}
