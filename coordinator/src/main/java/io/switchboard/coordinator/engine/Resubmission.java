package io.switchboard.coordinator.engine;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.Target;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.util.List;
import java.util.Optional;

/**
 * A submit whose id is already accepted is the same request again (idempotent) unless a step differs:
 * then it is a conflict naming the step, never a silent re-run.
 */
final class Resubmission {

  private Resubmission() {}

  static Optional<Rejection> compare(InvocationState existing, Invocation again) {
    List<TaskState> tasks = existing.tasks();
    List<Target> targets = again.targets();
    for (int i = 0; i < Math.max(tasks.size(), targets.size()); i++) {
      if (i >= tasks.size()) {
        return conflict(targets.get(i).taskId(), "is not a step of the journaled invocation " + existing.id());
      }
      if (i >= targets.size()) {
        return conflict(tasks.get(i).key().taskId(), "is journaled but missing from this submission");
      }
      Target journaled = tasks.get(i).target();
      if (!journaled.equals(targets.get(i))) {
        return conflict(journaled.taskId(), "differs from the journaled step with the same taskId");
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> conflict(String taskId, String why) {
    return Optional.of(Rejection.conflict(taskId, "step '" + taskId + "' " + why));
  }
}
