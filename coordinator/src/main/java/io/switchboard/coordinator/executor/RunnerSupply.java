package io.switchboard.coordinator.executor;

import io.switchboard.common.model.WorkerInfo;
import io.switchboard.common.topic.Topics;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What can run tasks at the moment a submit is planned: whether this coordinator runs a local executor,
 * the remote runners that live workers serve (from their heartbeats), and the runners an initializer
 * starts on demand. An immutable snapshot, taken once per plan, so every target of one invocation is
 * resolved against the same view.
 *
 * @param local this coordinator runs the local executor
 * @param served the remote runners with at least one live worker (the local route excluded)
 * @param startable the runners a runner initializer starts workers for on demand
 */
public record RunnerSupply(boolean local, Set<String> served, Set<String> startable) {

  public RunnerSupply {
    served = Set.copyOf(new TreeSet<>(served));
    startable = Set.copyOf(new TreeSet<>(startable));
  }

  /** The supply given the live workers: the local executor's own heartbeats do not make a remote runner. */
  public static RunnerSupply of(boolean local, Collection<WorkerInfo> live, Set<String> startable) {
    Set<String> served = new TreeSet<>();
    for (WorkerInfo worker : live) {
      if (!worker.runner().equals(Topics.LOCAL_RUNNER)) {
        served.add(worker.runner());
      }
    }
    return new RunnerSupply(local, served, startable);
  }

  /** A live worker serves {@code runner}, or an initializer can start one. */
  public boolean canServe(String runner) {
    return served.contains(runner) || startable.contains(runner);
  }

  /** The sets, for a refusal's message: {@code runners served: [..]; startable: [..]; local executor: off}. */
  String describe() {
    return "runners served: " + new TreeSet<>(served) + "; startable on demand: " + new TreeSet<>(startable)
        + "; local executor: " + (local ? "on" : "off");
  }
}
