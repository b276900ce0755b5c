package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.TaskError;
import java.util.Objects;

/**
 * A task's final outcome as the API shows it (an element of {@code outcomes}): the flat view of the
 * sealed {@code wire.Outcome}. {@code structured} and {@code error} are always written, null when
 * absent, as api.md shows.
 *
 * @param taskId the target's task id
 * @param key the task key
 * @param success whether the task succeeded; then {@code error} is null, else it is set
 * @param output the agent's output text; null unless it succeeded
 * @param structured the output parsed and validated against the target's {@code outputSchema}
 * @param error why it did not succeed (a cancelled task has code {@code cancelled})
 * @param attempts how many times the task was started
 * @param replayed whether this came from the journal rather than from this submission
 */
public record StepOutcome(
    String taskId,
    TaskKey key,
    boolean success,
    String output,
    @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode structured,
    @JsonInclude(JsonInclude.Include.ALWAYS) TaskError error,
    int attempts,
    boolean replayed) {

  public StepOutcome {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(key, "key");
    structured = Target.absentIfNull(structured);
    if (success != (error == null)) {
      throw new IllegalArgumentException(
          success ? "a successful outcome has no error" : "a failed outcome needs an error");
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
    }
  }

  /** A successful outcome. */
  public static StepOutcome succeeded(
      TaskKey key, String output, JsonNode structured, int attempts, boolean replayed) {
    return new StepOutcome(key.taskId(), key, true, output, structured, null, attempts, replayed);
  }

  /** A failed (or cancelled) outcome. */
  public static StepOutcome failed(TaskKey key, TaskError error, int attempts, boolean replayed) {
    return new StepOutcome(key.taskId(), key, false, null, null, error, attempts, replayed);
  }

  /** The same outcome marked as replayed from the journal (or not). */
  public StepOutcome withReplayed(boolean fromJournal) {
    return new StepOutcome(taskId, key, success, output, structured, error, attempts, fromJournal);
  }
}
