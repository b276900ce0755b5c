package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Everything about an invocation except its targets: what the durable {@code invocation_accepted}
 * record carries, while the targets travel in size-bounded chunks before it.
 *
 * <p>Fields have the meaning and defaults of {@link Invocation}; absent ones are omitted when
 * written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationOptions(
    String workflowId,
    Join join,
    ContextScope context,
    ExecutorHint executor,
    ToolPolicy tools,
    String parentTaskId,
    Integer maxParallel,
    Boolean failFast) {

  /** The invocation made of these options and {@code targets}. */
  public Invocation withTargets(List<Target> targets) {
    return new Invocation(
        workflowId, join, targets, context, executor, tools, parentTaskId, maxParallel, failFast);
  }
}
