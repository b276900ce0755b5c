package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a submit or a read of an invocation (api.md "InvocationResult").
 *
 * @param invocationId the invocation's id
 * @param join how its outcomes are joined
 * @param status {@code running} until the join is done
 * @param tasks every task, in target order
 * @param outcomes the outcomes in target order once the join is done; null while running (or for
 *     {@code detached}), and then omitted from the JSON
 */
public record InvocationResult(
    String invocationId,
    Join join,
    InvocationStatus status,
    List<TaskRef> tasks,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<StepOutcome> outcomes,
    @JsonInclude(JsonInclude.Include.NON_NULL) InvocationProgress progress) {

  public InvocationResult {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(status, "status");
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    outcomes = outcomes == null ? null : List.copyOf(outcomes);
  }

  /** A result without outcomes yet. */
  public static InvocationResult running(String invocationId, Join join, List<TaskRef> tasks) {
    return new InvocationResult(invocationId, join, InvocationStatus.RUNNING, tasks, null, null);
  }

  /** The same result with its progress counts. */
  public InvocationResult withProgress(InvocationProgress counts) {
    return new InvocationResult(invocationId, join, status, tasks, outcomes, counts);
  }

  /** The same result with every outcome marked as coming from the journal (a resubmission). */
  public InvocationResult replayed() {
    return outcomes == null ? this : new InvocationResult(invocationId, join, status, tasks,
        outcomes.stream().map(o -> o == null ? null : o.withReplayed(true)).toList(), progress);
  }
}
