package io.switchboard.coordinator.dispatch;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Executor;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.ToolPolicy;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.ResolvedAgent;
import io.switchboard.common.wire.TargetChunks;
import io.switchboard.coordinator.executor.ExecutorResolver;
import io.switchboard.coordinator.executor.ExecutorRoutes;
import io.switchboard.coordinator.executor.Resolution;
import io.switchboard.coordinator.executor.RunnerSupply;
import io.switchboard.coordinator.registry.AgentDirectory;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns a validated, normalized invocation into a plan: every target's agent, executor (see {@link
 * ExecutorResolver}) and allowed tools resolved, the targets split into record-sized chunks. Runs on the request's thread; reads the agent
 * directory and the state, changes nothing.
 */
public final class TaskPlanner {

  private final AgentDirectory agents;
  private final CoordinatorState state;
  private final Clock clock;
  /**
   * Target chunks are filled to this size (a larger target still gets one of its own, up to the record
   * limit): under the producer's batch size, so a chunk is written from its pooled buffers rather than a
   * buffer of its own, and under half a 1 MB G1 region, so neither its encoding nor its buffer is a
   * humongous object, which a 10,000-target submission otherwise makes by the dozen.
   */
  static final int CHUNK_FILL_BYTES = 192 * 1024;

  private final int maxRecordBytes;
  private final Supplier<RunnerSupply> supply;

  /** A planner for a coordinator without a local executor or live-runner knowledge (remote only). */
  public TaskPlanner(AgentDirectory agents, CoordinatorState state, Clock clock, int maxRecordBytes) {
    this(agents, state, clock, maxRecordBytes, () -> new RunnerSupply(false, Set.of(), Set.of()));
  }

  /** {@code supply}: what can run tasks now, read once per plan. */
  public TaskPlanner(AgentDirectory agents, CoordinatorState state, Clock clock, int maxRecordBytes,
      Supplier<RunnerSupply> supply) {
    this.agents = agents;
    this.state = state;
    this.clock = clock;
    this.maxRecordBytes = maxRecordBytes;
    this.supply = supply;
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
    RunnerSupply runners = supply.get();
    // a resubmitted workflow replays its journal: its steps keep the executors they were accepted with
    boolean journaled = normalized.workflowId() != null && state.knows(id);
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
      Executor executor;
      switch (ExecutorResolver.resolve(agent, normalized.executor(), runners, field + ".agent")) {
        case Resolution.Resolved resolved -> executor = resolved.executor();
        case Resolution.Refused refused -> {
          if (!journaled) {
            return new PlanResult.Refused(refused.rejection());
          }
          executor = Executor.remote(agent.runner()); // never used: the journaled invocation is answered
        }
      }
      List<String> base = parent.map(TaskState::tools).orElse(agent.tools());
      var tools = resolveTools(normalized.tools(), base, parent.isPresent());
      if (tools instanceof ToolResolution.Refused refused) {
        return new PlanResult.Refused(refused.rejection());
      }
      tasks.add(new TaskState(TaskKey.of(id, target.taskId()), i, target, agent, ExecutorRoutes.routeOf(executor),
          ((ToolResolution.Allowed) tools).names(), parent.map(TaskState::key).orElse(null), now));
    }
    return switch (TargetChunks.split(id, targets, maxRecordBytes, CHUNK_FILL_BYTES)) {
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
