package io.switchboard.coordinator.executor;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Executor;
import io.switchboard.common.model.ExecutorHint;

/**
 * Resolves one target's executor: the intersection of the agent's allowed runtimes, the caller's hint
 * and what can serve it now ({@link RunnerSupply}). A pure function, so every combination is tested
 * without a broker.
 *
 * <p>Which remote runner can serve: the target's runner ({@code executor.runner}, else the agent's) is
 * <em>live</em> when a live worker serves it or an initializer can start it. The agent's own runner is
 * also <em>awaited</em>: a task for it waits in the runner's topic until a worker comes (workers may
 * start after the submit, and a just-restarted coordinator has not seen every heartbeat yet), so a
 * remote-only agent is never refused for a missing heartbeat. A runner the caller names that is not the
 * agent's must be live.
 *
 * <ul>
 *   <li>{@code local}: the agent allows local and this coordinator runs the local executor.
 *   <li>{@code remote}: the agent allows remote and its runner is live or awaited.
 *   <li>{@code auto}: remote when allowed and live; else local when allowed and on; else remote when
 *       allowed and awaited.
 * </ul>
 *
 * Nothing left is {@code no_executor} on the input the caller would change: {@code executor.hint} when an
 * explicit {@code local} or {@code remote} hint asks for what the agent does not allow (the message names
 * the target) or for a local executor this coordinator does not run; {@code executor.runner} when the runner
 * cannot be served; {@code targets[i].agent} when {@code auto} finds nothing because the agent allows only
 * local and there is no local executor. The message lists every set.
 */
public final class ExecutorResolver {

  private ExecutorResolver() {}

  /**
   * @param agentField the target's agent field, e.g. {@code targets[3].agent}
   */
  public static Resolution resolve(AgentSpec agent, ExecutorHint hint, RunnerSupply supply, String agentField) {
    boolean localAllowed = agent.allows(AgentSpec.Runtime.LOCAL);
    boolean remoteAllowed = agent.allows(AgentSpec.Runtime.REMOTE);
    String runner = hint.runner() != null ? hint.runner() : agent.runner();
    boolean live = supply.canServe(runner);
    boolean awaited = runner.equals(agent.runner());
    return switch (hint.hint()) {
      case LOCAL -> {
        if (!localAllowed) {
          yield refuse("executor.hint", target(agentField) + "agent '" + agent.name() + "' does not allow local",
              agent, hint, runner, supply);
        }
        yield supply.local() ? resolved(Executor.local())
            : refuse("executor.hint", "this coordinator runs no local executor", agent, hint, runner, supply);
      }
      case REMOTE -> {
        if (!remoteAllowed) {
          yield refuse("executor.hint", target(agentField) + "agent '" + agent.name() + "' does not allow remote",
              agent, hint, runner, supply);
        }
        yield live || awaited ? resolved(Executor.remote(runner))
            : refuse("executor.runner", unservedRunner(runner), agent, hint, runner, supply);
      }
      case AUTO -> {
        if (remoteAllowed && live) {
          yield resolved(Executor.remote(runner));
        }
        if (localAllowed && supply.local()) {
          yield resolved(Executor.local());
        }
        if (remoteAllowed && awaited) {
          yield resolved(Executor.remote(runner));
        }
        yield remoteAllowed
            ? refuse("executor.runner", unservedRunner(runner), agent, hint, runner, supply)
            : refuse(agentField, "agent '" + agent.name() + "' allows only local and this coordinator runs no local"
                + " executor", agent, hint, runner, supply);
      }
    };
  }

  /** {@code targets[3]: }, naming the target in a refusal of the invocation-wide hint. */
  private static String target(String agentField) {
    return agentField.substring(0, agentField.lastIndexOf('.')) + ": ";
  }

  private static String unservedRunner(String runner) {
    return "no live worker serves runner '" + runner + "' and no runner initializer starts it";
  }

  private static Resolution resolved(Executor executor) {
    return new Resolution.Resolved(executor);
  }

  private static Resolution refuse(String field, String why, AgentSpec agent, ExecutorHint hint, String runner,
      RunnerSupply supply) {
    String sets = "agent '" + agent.name() + "' allows " + agent.runtimes().stream()
        .map(AgentSpec.Runtime::wireName).toList() + "; hint " + hint.hint().wireName() + "; runner '" + runner
        + "'; " + supply.describe();
    return new Resolution.Refused(Rejection.of(RejectionCode.NO_EXECUTOR, field, why + " (" + sets + ")"));
  }
}
