package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.util.Objects;

/**
 * A task's identity, {@code <invocationId>/<taskId>}: deterministic, so resubmitting a workflow
 * finds its journaled steps. On the wire and as a Kafka record key it is that string, which is made
 * once (or kept from the parsed text): the coordinator looks tasks up by it many times per task.
 */
// written as its text without a reflective call per key (@JsonValue stays: Jackson reads a key through parse
// as a delegating creator only beside it)
@JsonSerialize(using = ToStringSerializer.class)
public final class TaskKey {

  private final String invocationId;
  private final String taskId;
  private final String text;

  /**
   * @param invocationId the invocation's id; not empty, no {@code '/'}
   * @param taskId the target's name within the invocation; not empty
   */
  public TaskKey(String invocationId, String taskId) {
    this(invocationId, taskId, null);
  }

  private TaskKey(String invocationId, String taskId, String text) {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(taskId, "taskId");
    if (invocationId.isEmpty() || invocationId.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "invocationId must be non-empty and contain no '/': '" + invocationId + "'");
    }
    if (taskId.isEmpty()) {
      throw new IllegalArgumentException("taskId must not be empty");
    }
    this.invocationId = invocationId;
    this.taskId = taskId;
    this.text = text != null ? text : invocationId + "/" + taskId;
  }

  /** The key of {@code taskId} in {@code invocationId}. */
  public static TaskKey of(String invocationId, String taskId) {
    return new TaskKey(invocationId, taskId);
  }

  /** The invocation's id. */
  public String invocationId() {
    return invocationId;
  }

  /** The target's name within the invocation. */
  public String taskId() {
    return taskId;
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
    return new TaskKey(key.substring(0, slash), key.substring(slash + 1), key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaskKey that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** {@code <invocationId>/<taskId>}. */
  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
