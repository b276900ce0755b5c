package io.switchboard.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.SupervisorPolicy;
import io.switchboard.common.model.Target;
import java.time.Duration;
import java.util.Objects;

/**
 * One unit of work for the SDK: which agent runs it and with what (an api.md target). Immutable;
 * every {@code with...} method returns a new step.
 *
 * <pre>{@code
 * Step summary = Step.of("general", "Summarize the release notes")
 *     .withTaskId("summary")
 *     .returning(Summary.class);   // an output schema derived from the record Summary
 * }</pre>
 *
 * @param target the target submitted for this step
 */
public record Step(Target target) {

  public Step {
    Objects.requireNonNull(target, "target");
  }

  /** A step of {@code agent} with {@code prompt}. */
  public static Step of(String agent, String prompt) {
    return new Step(Target.of(agent, prompt));
  }

  /** A step from an api.md target as it is. */
  public static Step of(Target target) {
    return new Step(target);
  }

  /** The agent that runs the step. */
  public String agent() {
    return target.agent();
  }

  /** The step's task id; null until given (the coordinator then uses its index). */
  public String taskId() {
    return target.taskId();
  }

  /** The same step named {@code taskId}: unique within one call, its key {@code <id>/<taskId>}. */
  public Step withTaskId(String taskId) {
    return new Step(target.withTaskId(taskId));
  }

  /** The same step with a short label for people. */
  public Step withDescription(String description) {
    return copy(description, target.prompt(), target.input(), target.maxSteps(),
        target.timeoutMs(), target.outputSchema(), target.supervisor());
  }

  /** The same step with another prompt. */
  public Step withPrompt(String prompt) {
    return copy(target.description(), prompt, target.input(), target.maxSteps(),
        target.timeoutMs(), target.outputSchema(), target.supervisor());
  }

  /** The same step with structured input: any value Jackson can write (record, map, JsonNode). */
  public Step withInput(Object input) {
    JsonNode node = input == null ? null : Json.mapper().valueToTree(input);
    return copy(target.description(), target.prompt(), node, target.maxSteps(),
        target.timeoutMs(), target.outputSchema(), target.supervisor());
  }

  /** The same step with a step limit (overrides the agent's). */
  public Step withMaxSteps(int maxSteps) {
    return copy(target.description(), target.prompt(), target.input(), maxSteps,
        target.timeoutMs(), target.outputSchema(), target.supervisor());
  }

  /** The same step with a time limit (overrides the agent's). */
  public Step withTimeout(Duration timeout) {
    return copy(target.description(), target.prompt(), target.input(), target.maxSteps(),
        timeout.toMillis(), target.outputSchema(), target.supervisor());
  }

  /** The same step with its own supervisor policy (restart, stop, escalate). */
  public Step withSupervisor(SupervisorPolicy supervisor) {
    return copy(target.description(), target.prompt(), target.input(), target.maxSteps(),
        target.timeoutMs(), target.outputSchema(), supervisor);
  }

  /**
   * The same step with a JSON Schema (draft 2020-12) the output must match; the validated JSON
   * comes back as {@link StepResult#structured()}.
   */
  public Step withOutputSchema(JsonNode schema) {
    return copy(target.description(), target.prompt(), target.input(), target.maxSteps(),
        target.timeoutMs(), schema, target.supervisor());
  }

  /**
   * The same step with an output schema derived from {@code type} (a record, see {@link
   * OutputSchema#of(Class)}), so that {@code result.structured(type)} maps the validated output.
   */
  public Step returning(Class<?> type) {
    return withOutputSchema(OutputSchema.of(type));
  }

  private Step copy(String description, String prompt, JsonNode input, Integer maxSteps,
      Long timeoutMs, JsonNode schema, SupervisorPolicy supervisor) {
    return new Step(new Target(target.taskId(), target.agent(), description, prompt, input,
        maxSteps, timeoutMs, schema, supervisor));
  }
}
