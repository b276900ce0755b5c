package io.switchboard.common.model;

import java.util.Objects;

/** A task of an invocation, as listed in {@code tasks}: {@code {"taskId": .., "key": ..}}. */
public record TaskRef(String taskId, TaskKey key) {

  public TaskRef {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(key, "key");
  }

  /** The reference to the task with this key. */
  public static TaskRef of(TaskKey key) {
    return new TaskRef(key.taskId(), key);
  }
}
