package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.TaskKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One task on a runner's topic ({@code <p>.tasks.<runner>}, keyed by the task key): everything a
 * worker needs to run it, resolved by the coordinator, so the worker looks nothing up.
 *
 * @param key the task key
 * @param invocationId the invocation (equals {@code key.invocationId()}; defaults to it)
 * @param taskId the task id (equals {@code key.taskId()}; defaults to it)
 * @param attempt 1 for the first run, raised by each restart
 * @param agent a snapshot of the agent's spec at dispatch: the worker runs exactly this
 * @param prompt the text the agent gets
 * @param input structured input; null when none
 * @param description a short label for people
 * @param context a reference to the context the agent sees, {@code {"id", "scope", "parent", "upTo"}}
 *     (entries are fetched from the coordinator, never copied into the envelope); null for {@code
 *     independent}, whose context is only its own prompt
 * @param tools the resolved set of tools the task may use
 * @param maxSteps the step limit in force; null for none
 * @param timeoutMs the time limit of one attempt in force; null for none
 * @param deadline when the attempt must be done; null for none
 * @param outputSchema the JSON Schema the output must match; null when none
 * @param parentTaskId the parent task's key; null for a top-level task
 * @param runner the runner whose topic carries it
 * @param createdAt when the coordinator created this envelope
 */
public record TaskEnvelope(
    TaskKey key,
    String invocationId,
    String taskId,
    int attempt,
    AgentSpec agent,
    String prompt,
    JsonNode input,
    String description,
    JsonNode context,
    List<String> tools,
    Integer maxSteps,
    Long timeoutMs,
    Instant deadline,
    JsonNode outputSchema,
    TaskKey parentTaskId,
    String runner,
    Instant createdAt) {

  public TaskEnvelope {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(createdAt, "createdAt");
    invocationId = invocationId == null ? key.invocationId() : invocationId;
    taskId = taskId == null ? key.taskId() : taskId;
    key.requireMatches(invocationId, taskId);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
    input = Nodes.absentIfNull(input);
    context = Nodes.absentIfNull(context);
    outputSchema = Nodes.absentIfNull(outputSchema);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** The same task with another context (a worker replaces the reference by the resolved entries). */
  public TaskEnvelope withContext(JsonNode newContext) {
    return new TaskEnvelope(key, invocationId, taskId, attempt, agent, prompt, input, description, newContext,
        tools, maxSteps, timeoutMs, deadline, outputSchema, parentTaskId, runner, createdAt);
  }

  /** The same task for another attempt, with a new deadline and creation time. */
  public TaskEnvelope forAttempt(int nextAttempt, Instant newDeadline, Instant now) {
    return new TaskEnvelope(
        key,
        invocationId,
        taskId,
        nextAttempt,
        agent,
        prompt,
        input,
        description,
        context,
        tools,
        maxSteps,
        timeoutMs,
        newDeadline,
        outputSchema,
        parentTaskId,
        runner,
        now);
  }
}
