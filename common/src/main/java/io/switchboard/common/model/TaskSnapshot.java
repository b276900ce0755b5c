package io.switchboard.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The state of one task as {@code GET /v1/tasks/{key}} shows it (api.md "TaskSnapshot"). Every
 * field is written, null when unknown.
 *
 * @param key the task key
 * @param invocationId the invocation it belongs to
 * @param taskId its task id
 * @param agent the agent that runs it
 * @param status its current status
 * @param parent the parent task's key; null for a top-level task
 * @param children the keys of the tasks it spawned
 * @param attempts how many times it was started
 * @param worker the worker running (or that ran) it, {@code local-…} for the coordinator's local executor;
 *     null if none yet
 * @param runner the runner whose pool runs it; null for local
 * @param executor {@code local} or {@code remote}
 * @param createdAt when it was accepted
 * @param startedAt when the latest attempt started; null before
 * @param finishedAt when it finished; null before
 * @param outcome its final outcome; null before
 */
public record TaskSnapshot(
    TaskKey key,
    String invocationId,
    String taskId,
    String agent,
    TaskStatus status,
    TaskKey parent,
    List<TaskKey> children,
    int attempts,
    String worker,
    String runner,
    AgentSpec.Runtime executor,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    StepOutcome outcome) {

  public TaskSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    invocationId = invocationId == null ? key.invocationId() : invocationId;
    taskId = taskId == null ? key.taskId() : taskId;
    if (!invocationId.equals(key.invocationId()) || !taskId.equals(key.taskId())) {
      throw new IllegalArgumentException(
          "key " + key + " does not match invocationId/taskId " + invocationId + "/" + taskId);
    }
    children = children == null ? List.of() : List.copyOf(children);
  }
}
