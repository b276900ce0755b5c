package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import java.util.Objects;

/**
 * How an attempt ended, tagged by {@code "status"}: {@code succeeded}, {@code failed} or {@code
 * cancelled}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "status")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Outcome.Succeeded.class, name = "succeeded"),
  @JsonSubTypes.Type(value = Outcome.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = Outcome.Cancelled.class, name = "cancelled")
})
public sealed interface Outcome {

  /**
   * The agent finished.
   *
   * @param output its output text
   * @param structured the output as validated JSON when the task had an output schema; else null
   */
  record Succeeded(String output, JsonNode structured) implements Outcome {
    public Succeeded {
      structured = Nodes.absentIfNull(structured);
    }
  }

  /** The attempt failed; {@code error.code().isRetryable()} says whether a restart may help. */
  record Failed(TaskError error) implements Outcome {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The task was cancelled (by a caller, a fail-fast sibling, or a cancelled parent). */
  record Cancelled(String reason) implements Outcome {}

  /** The error the API shows for this outcome: null on success, {@code cancelled} on cancel. */
  default TaskError toTaskError() {
    return switch (this) {
      case Succeeded succeeded -> null;
      case Failed failed -> failed.error();
      case Cancelled cancelled ->
          TaskError.of(
              ErrorCode.CANCELLED, cancelled.reason() == null ? "cancelled" : cancelled.reason());
    };
  }
}
