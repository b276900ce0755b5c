package io.switchboard.coordinator.runner;

import io.switchboard.common.model.TaskStatus;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of what the startable runners' tasks need, computed on the engine thread (the only
 * one that reads {@link CoordinatorState}) and handed to the scaler thread.
 *
 * @param loads by runner; a runner without unfinished tasks is absent
 */
public record RunnerDemand(Map<String, RunnerLoad> loads) {

  public static final RunnerDemand NONE = new RunnerDemand(Map.of());

  public RunnerDemand {
    loads = Map.copyOf(loads);
  }

  /** The load of {@code runner}; idle when it has no unfinished task. */
  public RunnerLoad of(String runner) {
    return loads.getOrDefault(runner, RunnerLoad.IDLE);
  }

  /** Counts the unfinished tasks of {@code runners}; call it on the engine thread only. */
  public static RunnerDemand of(CoordinatorState state, Set<String> runners) {
    Map<String, int[]> counts = new HashMap<>();
    for (InvocationState invocation : state.unfinished()) {
      for (TaskState task : invocation.tasks()) {
        if (task.isTerminal() || !runners.contains(task.runner())) {
          continue;
        }
        int[] count = counts.computeIfAbsent(task.runner(), r -> new int[2]);
        count[task.status() == TaskStatus.RUNNING ? 1 : 0]++;
      }
    }
    Map<String, RunnerLoad> loads = new HashMap<>();
    counts.forEach((runner, c) -> loads.put(runner, new RunnerLoad(c[0], c[1])));
    return new RunnerDemand(loads);
  }
}
