package io.switchboard.coordinator.dispatch;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.ExecutorHint;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.ToolPolicy;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.ResolvedAgent;
import io.switchboard.common.wire.TargetChunks;
import io.switchboard.coordinator.registry.AgentDirectory;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a validated, normalized invocation into a plan: every target's agent, runner and allowed tools
 * resolved, the targets split into record-sized chunks. Runs on the request's thread; reads the agent
 * directory and the state, changes nothing.
 */
public final class TaskPlanner {

  private final AgentDirectory agents;
  private final CoordinatorState state;
  private final Clock clock;
  private final int maxRecordBytes;

  public TaskPlanner(AgentDirectory agents, CoordinatorState state, Clock clock, int maxRecordBytes) {
    this.agents = agents;
    this.state = state;
    this.clock = clock;
    this.maxRecordBytes = maxRecordBytes;
  }

  public PlanResult plan(Invocation normalized) {
    return plan(normalized, "anonymous");
  }

  /** Plans {@code normalized}, submitted by {@code caller} (recorded for the audit). */
  public PlanResult plan(Invocation normalized, String caller) {
    String id = normalized.workflowId() != null ? normalized.workflowId() : newInvocationId();
    Optional<TaskState> parent = Optional.empty();
    if (normalized.parentTaskId() != null) {
      parent = parseKey(normalized.parentTaskId()).flatMap(state::task);
      if (parent.isEmpty()) {
        return refuse(RejectionCode.MISSING_PARENT, "parentTaskId",
            "no task " + normalized.parentTaskId() + " is known to this coordinator");
      }
    }
    Instant now = clock.instant();
    List<Target> targets = normalized.targets();
    List<TaskState> tasks = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      String field = "targets[" + i + "]";
      AgentSpec agent = agents.find(target.agent()).orElse(null);
      if (agent == null) {
        return refuse(RejectionCode.UNKNOWN_AGENT, field + ".agent", "no agent named '" + target.agent()
            + "' is registered (PUT /v1/agents/" + target.agent() + ")");
      }
      Optional<Rejection> noExecutor = checkExecutor(normalized.executor(), agent, field);
      if (noExecutor.isPresent()) {
        return new PlanResult.Refused(noExecutor.get());
      }
      List<String> base = parent.map(TaskState::tools).orElse(agent.tools());
      var tools = resolveTools(normalized.tools(), base, parent.isPresent());
      if (tools instanceof ToolResolution.Refused refused) {
        return new PlanResult.Refused(refused.rejection());
      }
      String runner = normalized.executor().runner() != null ? normalized.executor().runner() : agent.runner();
      tasks.add(new TaskState(TaskKey.of(id, target.taskId()), i, target, agent, runner,
          ((ToolResolution.Allowed) tools).names(), parent.map(TaskState::key).orElse(null), now));
    }
    return switch (TargetChunks.split(id, targets, maxRecordBytes)) {
      case TargetChunks.TooLarge tooLarge -> new PlanResult.Refused(tooLarge.rejection());
      case TargetChunks.Split split -> {
        var head = new InvocationRecord.InvocationAccepted(id, normalized.options(), targets.size(),
            split.chunks().size(), now, resolvedAgents(tasks), callerOf(normalized, caller));
        var invocation = new InvocationState(id, normalized.options(), tasks, now, head.caller());
        yield new PlanResult.Planned(new PlannedInvocation(normalized, invocation, split.chunks(), head));
      }
    };
  }

  /** A child is spawned by its parent task; a top-level invocation by whoever called. */
  private static String callerOf(Invocation invocation, String caller) {
    return invocation.parentTaskId() != null ? "task:" + invocation.parentTaskId() : caller;
  }

  /** One entry per distinct agent: how its tasks were resolved (spec, runner, tools). */
  private static List<ResolvedAgent> resolvedAgents(List<TaskState> tasks) {
    var byName = new java.util.LinkedHashMap<String, ResolvedAgent>();
    for (TaskState task : tasks) {
      byName.putIfAbsent(task.agent().name(), new ResolvedAgent(task.agent(), task.runner(), task.tools()));
    }
    return List.copyOf(byName.values());
  }

  /** Remote is the only executor this coordinator runs; a hint or agent that needs local cannot run. */
  private static Optional<Rejection> checkExecutor(ExecutorHint hint, AgentSpec agent, String field) {
    boolean remoteAllowed = agent.allows(AgentSpec.Runtime.REMOTE);
    return switch (hint.hint()) {
      case AUTO, REMOTE -> remoteAllowed ? Optional.empty() : Optional.of(Rejection.of(RejectionCode.NO_EXECUTOR,
          field + ".agent", "agent '" + agent.name() + "' allows runtimes " + agent.runtimes()
              + " and this coordinator runs no local executor"));
      case LOCAL -> Optional.of(Rejection.of(RejectionCode.NO_EXECUTOR, "executor.hint",
          "hint 'local' needs a local executor, and this coordinator runs none"));
    };
  }

  /** The allowed tool set under {@code policy}, narrowing {@code base}; never widening it. */
  static ToolResolution resolveTools(ToolPolicy policy, List<String> base, boolean hasParent) {
    return switch (policy.mode()) {
      case INHERIT -> new ToolResolution.Allowed(base);
      case NONE -> new ToolResolution.Allowed(List.of());
      case ONLY -> {
        for (int i = 0; i < policy.names().size(); i++) {
          String name = policy.names().get(i);
          if (!base.contains(name)) {
            yield new ToolResolution.Refused(Rejection.of(RejectionCode.TOOL_NOT_INHERITED, "tools.names[" + i + "]",
                "tool '" + name + "' is not among the " + (hasParent ? "parent task's" : "agent's") + " tools "
                    + base));
          }
        }
        yield new ToolResolution.Allowed(List.copyOf(policy.names()));
      }
    };
  }

  /** A sortable id: time first, then randomness. */
  static String newInvocationId() {
    return String.format("inv-%013x-%s", System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8));
  }

  private static Optional<TaskKey> parseKey(String text) {
    try {
      return Optional.of(TaskKey.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static PlanResult refuse(RejectionCode code, String field, String message) {
    return new PlanResult.Refused(Rejection.of(code, field, message));
  }

  sealed interface ToolResolution {
    record Allowed(List<String> names) implements ToolResolution {}

    record Refused(Rejection rejection) implements ToolResolution {}
  }
}
