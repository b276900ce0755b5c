package io.switchboard.worker.internal.run;

import io.switchboard.common.model.TaskKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks this worker holds right now, so a cancel or a shutdown can reach them. Thread-safe. */
public final class RunningTasks {

  private final Set<TaskExecution> executions = ConcurrentHashMap.newKeySet();

  void add(TaskExecution execution) {
    executions.add(execution);
  }

  void remove(TaskExecution execution) {
    executions.remove(execution);
  }

  /** Cancels every execution of {@code key} here; true when one was stopped. */
  public boolean cancel(TaskKey key, CancelCause why) {
    boolean any = false;
    for (TaskExecution execution : executions) {
      if (execution.key().equals(key)) {
        any |= execution.cancel(why);
      }
    }
    return any;
  }

  /** Cancels everything held here; returns how many were stopped. */
  public int cancelAll(CancelCause why) {
    int stopped = 0;
    for (TaskExecution execution : executions) {
      if (execution.cancel(why)) {
        stopped++;
      }
    }
    return stopped;
  }

  /** Cancels the executions whose agent has not started yet; returns how many were stopped. */
  public int cancelWaiting(CancelCause why) {
    int stopped = 0;
    for (TaskExecution execution : executions) {
      if (execution.startedAt() == null && execution.cancel(why)) {
        stopped++;
      }
    }
    return stopped;
  }

  /** The executions whose started event is out, for task heartbeats. */
  public List<TaskExecution> announced() {
    return executions.stream().filter(TaskExecution::announced).toList();
  }

  public boolean isEmpty() {
    return executions.isEmpty();
  }

  public int size() {
    return executions.size();
  }
}
