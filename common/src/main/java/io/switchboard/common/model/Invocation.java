package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A submit request: 1..10,000 targets and how to run and join them (api.md "Submit an invocation").
 *
 * <p>Absent fields stay null here (a missing {@code targets} reads as empty); {@link #normalized()}
 * fills the defaults and {@link io.switchboard.common.validate.InvocationValidator} reports what is
 * wrong, with field paths. Absent fields are omitted when written.
 *
 * @param workflowId stable id; resubmitting it replays finished steps
 * @param join {@code single} | {@code all} | {@code detached}; default by target count
 * @param targets the work, in order
 * @param context what the tasks see of the parent's context; default {@code independent}
 * @param executor where the tasks should run; default {@code auto}
 * @param tools which of the parent's tools the tasks may use; default {@code inherit}
 * @param parentTaskId the parent's task key; makes this invocation a child in the tree
 * @param maxParallel at most this many tasks run at once; null for no limit
 * @param failFast with {@code all}: the first failure cancels the siblings; default false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Invocation(
    String workflowId,
    Join join,
    List<Target> targets,
    ContextScope context,
    ExecutorHint executor,
    ToolPolicy tools,
    String parentTaskId,
    Integer maxParallel,
    Boolean failFast) {

  public Invocation {
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  /** The default join for {@code targetCount} targets: {@code single} for one, else {@code all}. */
  public static Join defaultJoin(int targetCount) {
    return targetCount == 1 ? Join.SINGLE : Join.ALL;
  }

  /** The default task id of the target at {@code index}: the index itself. */
  public static String defaultTaskId(int index) {
    return Integer.toString(index);
  }

  /**
   * The same invocation with every default filled in: join by target count, task ids {@code "0"},
   * {@code "1"}, ... where absent, context {@code independent}, executor {@code auto}, tools {@code
   * inherit}, failFast false. {@code workflowId}, {@code parentTaskId} and {@code maxParallel} stay
   * as given.
   */
  public Invocation normalized() {
    List<Target> named = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      named.add(target.taskId() == null ? target.withTaskId(defaultTaskId(i)) : target);
    }
    return new Invocation(
        workflowId,
        join == null ? defaultJoin(targets.size()) : join,
        named,
        context == null ? ContextScope.INDEPENDENT : context,
        executor == null ? ExecutorHint.auto() : executor,
        tools == null ? ToolPolicy.inherit() : tools,
        parentTaskId,
        maxParallel,
        failFast != null && failFast);
  }

  /** Everything except the targets. */
  public InvocationOptions options() {
    return new InvocationOptions(
        workflowId, join, context, executor, tools, parentTaskId, maxParallel, failFast);
  }
}
