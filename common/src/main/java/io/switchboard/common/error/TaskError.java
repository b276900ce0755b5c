package io.switchboard.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Why a task failed: {@code {"code": ..., "message": ..., "details": [...]}}.
 *
 * @param code the kind of failure
 * @param message a human-readable explanation
 * @param details further lines, e.g. each schema violation; omitted on the wire when empty
 */
public record TaskError(
    ErrorCode code,
    String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> details) {

  public TaskError {
    Objects.requireNonNull(code, "code");
    details = details == null ? List.of() : List.copyOf(details);
  }

  /** An error without details. */
  public static TaskError of(ErrorCode code, String message) {
    return new TaskError(code, message, List.of());
  }
}
