package io.switchboard.common.validate;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.ContextScope;
import io.switchboard.common.model.ExecutorHint;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.ToolPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every check of a submit request that needs nothing but the request itself (the 422s of api.md
 * that do not depend on the registry or the live workers).
 *
 * <p>Returns all rejections, in a stable order: the invocation's own fields first, then each target
 * in order. The API reports the first one. An empty list means valid.
 */
public final class InvocationValidator {

  /** The most targets one invocation may have. */
  public static final int MAX_TARGETS = 10_000;

  /** The longest {@code workflowId} accepted. */
  public static final int MAX_WORKFLOW_ID_LENGTH = 200;

  private final OutputSchemas schemas;

  /** With its own {@link OutputSchemas}. */
  public InvocationValidator() {
    this(new OutputSchemas());
  }

  /** Sharing {@code schemas} (and its cache) with other users. */
  public InvocationValidator(OutputSchemas schemas) {
    this.schemas = Objects.requireNonNull(schemas, "schemas");
  }

  /** The problems of {@code invocation}; empty when it is valid. */
  public List<Rejection> validate(Invocation invocation) {
    List<Rejection> problems = new ArrayList<>();
    List<Target> targets = invocation.targets();
    if (targets.isEmpty()) {
      problems.add(
          reject(RejectionCode.TOO_FEW_TARGETS, "targets", "at least one target is needed"));
    } else if (targets.size() > MAX_TARGETS) {
      problems.add(
          reject(
              RejectionCode.TOO_MANY_TARGETS,
              "targets",
              "at most " + MAX_TARGETS + " targets, got " + targets.size()));
    }
    if (invocation.join() == Join.SINGLE && targets.size() != 1) {
      problems.add(
          reject(
              RejectionCode.JOIN_SINGLE_NEEDS_ONE_TARGET,
              "join",
              "join 'single' needs exactly one target, got " + targets.size()));
    }
    checkWorkflowId(invocation.workflowId(), problems);
    checkParent(invocation, problems);
    checkExecutor(invocation.executor(), problems);
    checkTools(invocation.tools(), problems);
    if (invocation.maxParallel() != null && invocation.maxParallel() < 1) {
      problems.add(
          invalid("maxParallel", "maxParallel must be >= 1, got " + invocation.maxParallel()));
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      checkTarget(i, targets.get(i), seen, problems);
    }
    return List.copyOf(problems);
  }

  private static void checkWorkflowId(String workflowId, List<Rejection> problems) {
    if (workflowId == null) {
      return;
    }
    if (workflowId.isBlank() || workflowId.indexOf('/') >= 0) {
      problems.add(invalid("workflowId", "workflowId must be non-blank and contain no '/'"));
    } else if (workflowId.length() > MAX_WORKFLOW_ID_LENGTH) {
      problems.add(
          invalid(
              "workflowId",
              "workflowId may have at most "
                  + MAX_WORKFLOW_ID_LENGTH
                  + " characters, got "
                  + workflowId.length()));
    }
  }

  private static void checkParent(Invocation invocation, List<Rejection> problems) {
    String parent = invocation.parentTaskId();
    ContextScope context = invocation.context();
    if (parent == null) {
      if (context != null && context.needsParent()) {
        problems.add(
            reject(
                RejectionCode.MISSING_PARENT,
                "parentTaskId",
                "context '" + context.wireName() + "' needs a parentTaskId"));
      }
      return;
    }
    try {
      TaskKey.parse(parent);
    } catch (IllegalArgumentException e) {
      problems.add(invalid("parentTaskId", "parentTaskId must be a task key: " + e.getMessage()));
    }
  }

  private static void checkExecutor(ExecutorHint executor, List<Rejection> problems) {
    if (executor == null || executor.runner() == null) {
      return;
    }
    if (executor.runner().isBlank()) {
      problems.add(invalid("executor.runner", "runner must not be blank"));
    } else if (executor.hint() == ExecutorHint.Mode.LOCAL) {
      problems.add(
          invalid("executor.runner", "a runner picks a remote pool; it contradicts hint 'local'"));
    } else if (executor.runner().equals(Topics.LOCAL_RUNNER)) {
      problems.add(invalid("executor.runner",
          "runner 'local' is reserved for the coordinator's local executor; use hint 'local'"));
    }
  }

  private static void checkTools(ToolPolicy tools, List<Rejection> problems) {
    if (tools == null) {
      return;
    }
    List<String> names = tools.names();
    switch (tools.mode()) {
      case ONLY -> {
        if (names.isEmpty()) {
          problems.add(
              invalid("tools.names", "tools mode 'only' needs the names of the allowed tools"));
        }
        for (int k = 0; k < names.size(); k++) {
          if (names.get(k).isBlank()) {
            problems.add(invalid("tools.names[" + k + "]", "a tool name must not be blank"));
          }
        }
      }
      case INHERIT, NONE -> {
        if (!names.isEmpty()) {
          problems.add(
              invalid(
                  "tools.names",
                  "tools mode '" + tools.mode().wireName() + "' takes no names; use 'only'"));
        }
      }
    }
  }

  private void checkTarget(
      int index, Target target, Map<String, Integer> seen, List<Rejection> problems) {
    String taskId = target.taskId();
    if (taskId != null && (taskId.isEmpty() || taskId.indexOf('/') >= 0)) {
      problems.add(invalid(at(index, "taskId"), "taskId must be non-empty and contain no '/'"));
    }
    String effectiveId = taskId == null ? Invocation.defaultTaskId(index) : taskId;
    Integer earlier = seen.putIfAbsent(effectiveId, index);
    if (earlier != null) {
      problems.add(
          reject(
              RejectionCode.DUPLICATE_TASK_ID,
              at(index, "taskId"),
              "taskId '" + effectiveId + "' is already used by targets[" + earlier + "]"));
    }
    if (target.agent() == null || target.agent().isBlank()) {
      problems.add(reject(RejectionCode.MISSING_FIELD, at(index, "agent"), "agent is required"));
    }
    if ((target.prompt() == null || target.prompt().isEmpty()) && target.input() == null) {
      problems.add(
          reject(RejectionCode.MISSING_FIELD, at(index, "prompt"), "a target needs a prompt or input"));
    }
    if (target.maxSteps() != null && target.maxSteps() <= 0) {
      problems.add(invalid(at(index, "maxSteps"), "maxSteps must be > 0, got " + target.maxSteps()));
    }
    if (target.timeoutMs() != null && target.timeoutMs() <= 0) {
      problems.add(invalid(at(index, "timeoutMs"), "timeoutMs must be > 0, got " + target.timeoutMs()));
    }
    if (target.outputSchema() != null) {
      schemas.checkSchema(target.outputSchema(), at(index, "outputSchema")).ifPresent(problems::add);
    }
  }

  /** The path of a target's field, made only for a problem (validation runs per target). */
  private static String at(int index, String field) {
    return "targets[" + index + "]." + field;
  }

  private static Rejection invalid(String field, String message) {
    return reject(RejectionCode.INVALID_VALUE, field, message);
  }

  private static Rejection reject(RejectionCode code, String field, String message) {
    return Rejection.of(code, field, message);
  }
}
