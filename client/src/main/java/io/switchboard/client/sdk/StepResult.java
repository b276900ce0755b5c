package io.switchboard.client.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one step, typed: its status, output, error, and the {@code structured} output
 * (validated against the step's output schema) mapped to a class of yours with {@link
 * #structured(Class)}.
 *
 * @param taskId the step's task id
 * @param key the task key, {@code <invocationId>/<taskId>}
 * @param status succeeded, failed or cancelled
 * @param output the agent's output text; null unless it succeeded
 * @param structuredJson the validated JSON output; null without an output schema or on failure
 * @param error why it did not succeed; null when it did
 * @param attempts how many times the task was started
 * @param replayed whether it came from the journal (a finished step of an earlier run) rather than
 *     from a run of this call
 */
public record StepResult(
    String taskId,
    TaskKey key,
    Status status,
    String output,
    JsonNode structuredJson,
    TaskError error,
    int attempts,
    boolean replayed) {

  private static final ObjectMapper MAPPER =
      Json.newMapper()
          .registerModule(new Jdk8Module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** How a step ended. */
  public enum Status {
    /** The agent finished and its output (and schema, if any) was accepted. */
    SUCCEEDED,
    /** The agent failed, timed out, was lost, or its output did not match the schema. */
    FAILED,
    /** The step (or an ancestor) was cancelled. */
    CANCELLED
  }

  public StepResult {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    if ((status == Status.SUCCEEDED) != (error == null)) {
      throw new IllegalArgumentException("error must be set exactly when the step did not succeed");
    }
  }

  /** The typed view of an api.md outcome. */
  public static StepResult of(StepOutcome outcome) {
    Status status = outcome.success() ? Status.SUCCEEDED
        : outcome.error().code() == ErrorCode.CANCELLED ? Status.CANCELLED : Status.FAILED;
    return new StepResult(outcome.taskId(), outcome.key(), status, outcome.output(),
        outcome.structured(), outcome.error(), outcome.attempts(), outcome.replayed());
  }

  /** Whether the step succeeded. */
  public boolean success() {
    return status == Status.SUCCEEDED;
  }

  /** The validated JSON output, when the step had an output schema and succeeded. */
  public Optional<JsonNode> structured() {
    return Optional.ofNullable(structuredJson);
  }

  /**
   * The structured output mapped to {@code type} (a record, typically the one given to {@link
   * Step#returning(Class)}); unknown JSON fields are ignored.
   *
   * @throws StructuredOutputException when the step did not succeed, had no structured output, or
   *     the JSON does not map to {@code type}
   */
  public <T> T structured(Class<T> type) {
    return map(type, null);
  }

  /** As {@link #structured(Class)} for a generic type, e.g. a {@code TypeReference<List<Row>>}. */
  public <T> T structured(TypeReference<T> type) {
    return map(null, type);
  }

  /** The error's code, when the step did not succeed. */
  public Optional<ErrorCode> errorCode() {
    return error == null ? Optional.empty() : Optional.of(error.code());
  }

  private <T> T map(Class<T> type, TypeReference<T> reference) {
    String name = type != null ? type.getName() : reference.getType().getTypeName();
    if (!success()) {
      throw new StructuredOutputException(key + " has no structured output: it "
          + status.name().toLowerCase(java.util.Locale.ROOT) + " (" + error.code().wireName()
          + ": " + error.message() + ")", null);
    }
    if (structuredJson == null) {
      throw new StructuredOutputException(key + " has no structured output: the step had no output"
          + " schema (Step.returning(" + name + ") or withOutputSchema)", null);
    }
    try {
      return type != null ? MAPPER.treeToValue(structuredJson, type)
          : MAPPER.treeToValue(structuredJson, MAPPER.getTypeFactory().constructType(reference));
    } catch (Exception e) {
      throw new StructuredOutputException("the structured output of " + key + " does not map to "
          + name + ": " + e.getMessage(), e);
    }
  }
}
