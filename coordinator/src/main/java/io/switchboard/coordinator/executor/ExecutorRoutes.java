package io.switchboard.coordinator.executor;

import io.switchboard.common.model.Executor;
import io.switchboard.common.topic.Topics;

/**
 * An executor as the task topic its envelopes go to (the "route" a task state and the journaled intent
 * keep): a remote runner's name, or the reserved {@link Topics#LOCAL_RUNNER} for the local executor.
 */
public final class ExecutorRoutes {

  private ExecutorRoutes() {}

  /** The runner whose task topic carries the tasks of {@code executor}. */
  public static String routeOf(Executor executor) {
    return switch (executor) {
      case Executor.Local local -> Topics.LOCAL_RUNNER;
      case Executor.Remote remote -> remote.runner();
    };
  }

  /** The executor a journaled route stands for. */
  public static Executor executorOf(String route) {
    return Topics.LOCAL_RUNNER.equals(route) ? Executor.local() : Executor.remote(route);
  }
}
