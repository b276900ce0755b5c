package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A task's identity, {@code <invocationId>/<taskId>}: deterministic, so resubmitting a workflow
 * finds its journaled steps. On the wire and as a Kafka record key it is that string.
 *
 * @param invocationId the invocation's id; not empty, no {@code '/'}
 * @param taskId the target's name within the invocation; not empty
 */
public record TaskKey(String invocationId, String taskId) {

  public TaskKey {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(taskId, "taskId");
    if (invocationId.isEmpty() || invocationId.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "invocationId must be non-empty and contain no '/': '" + invocationId + "'");
    }
    if (taskId.isEmpty()) {
      throw new IllegalArgumentException("taskId must not be empty");
    }
  }

  /** The key of {@code taskId} in {@code invocationId}. */
  public static TaskKey of(String invocationId, String taskId) {
    return new TaskKey(invocationId, taskId);
  }

  /** Records that carry the ids beside the key: they must agree with it. */
  public void requireMatches(String otherInvocationId, String otherTaskId) {
    if (!invocationId.equals(otherInvocationId) || !taskId.equals(otherTaskId)) {
      throw new IllegalArgumentException(
          "key " + this + " does not match invocationId/taskId " + otherInvocationId + "/" + otherTaskId);
    }
  }

  /** Parses {@code <invocationId>/<taskId>}, split at the first {@code '/'}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TaskKey parse(String key) {
    Objects.requireNonNull(key, "key");
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "a task key is <invocationId>/<taskId>, got '" + key + "'");
    }
    return new TaskKey(key.substring(0, slash), key.substring(slash + 1));
  }

  /** {@code <invocationId>/<taskId>}. */
  @JsonValue
  @Override
  public String toString() {
    return invocationId + "/" + taskId;
  }
}
