package io.switchboard.client.cli;

import io.switchboard.common.model.TaskKey;

/** Reads a {@code KEY} argument ({@code <invocationId>/<taskId>}). */
final class TaskKeys {

  private TaskKeys() {}

  static TaskKey parse(String key) {
    try {
      return TaskKey.parse(key);
    } catch (IllegalArgumentException e) {
      throw new OptionProblem("KEY", e.getMessage());
    }
  }
}
