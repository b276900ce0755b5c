package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One unit of work in an invocation: which agent runs it and with what.
 *
 * <p>Every field may be absent on input; {@link io.switchboard.common.validate.InvocationValidator}
 * reports what is missing or wrong with its field path. A JSON {@code null} for {@code input} or
 * {@code outputSchema} reads as absent. Absent fields are omitted when written.
 *
 * @param taskId the task's name, unique within the invocation; default its index ({@code "0"})
 * @param agent the registered agent that runs it
 * @param description a short label for people
 * @param prompt the text the agent gets; needed unless {@code input} is given
 * @param input structured input for the agent
 * @param maxSteps the step limit (overrides the agent's)
 * @param timeoutMs the time limit in milliseconds (overrides the agent's)
 * @param outputSchema a JSON Schema (draft 2020-12) the output must match; it then becomes {@code
 *     structured}
 * @param supervisor overrides the agent's supervisor policy for this target (an extension of
 *     api.md)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(
    String taskId,
    String agent,
    String description,
    String prompt,
    JsonNode input,
    Integer maxSteps,
    Long timeoutMs,
    JsonNode outputSchema,
    SupervisorPolicy supervisor) {

  public Target {
    input = absentIfNull(input);
    outputSchema = absentIfNull(outputSchema);
  }

  /** A target with only an agent and a prompt. */
  public static Target of(String agent, String prompt) {
    return new Target(null, agent, null, prompt, null, null, null, null, null);
  }

  /** The same target with another task id. */
  public Target withTaskId(String newTaskId) {
    return new Target(
        newTaskId,
        agent,
        description,
        prompt,
        input,
        maxSteps,
        timeoutMs,
        outputSchema,
        supervisor);
  }

  static JsonNode absentIfNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }
}
