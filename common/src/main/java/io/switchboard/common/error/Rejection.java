package io.switchboard.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * An expected refusal, returned as a value rather than thrown: the API maps it to {@code {"error":
 * {...}}} with the status of its {@link RejectionCode}.
 *
 * @param code why it was refused
 * @param field the path of the offending field, e.g. {@code targets[1].agent}; null when none
 * @param message a human-readable explanation
 * @param line 1-based line of a syntax error (only for {@code malformed}); else null
 * @param column 1-based column of a syntax error (only for {@code malformed}); else null
 * @param taskId the task a {@code conflict} is about; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(
    RejectionCode code, String field, String message, Integer line, Integer column, String taskId) {

  public Rejection {
    Objects.requireNonNull(code, "code");
  }

  /** A refusal about one field. */
  public static Rejection of(RejectionCode code, String field, String message) {
    return new Rejection(code, field, message, null, null, null);
  }

  /** The body is not JSON (or not the expected shape) at the given position. */
  public static Rejection malformed(String message, Integer line, Integer column) {
    return new Rejection(RejectionCode.MALFORMED, null, message, line, column, null);
  }

  /** A journaled step of a resubmitted workflow differs from the new spec. */
  public static Rejection conflict(String taskId, String message) {
    return new Rejection(RejectionCode.CONFLICT, null, message, null, null, taskId);
  }

  /** The HTTP status the API answers with. */
  public int httpStatus() {
    return code.httpStatus();
  }

  /** The same refusal with {@code prefix} put in front of its field path. */
  public Rejection under(String prefix) {
    String path;
    if (field == null || field.isEmpty()) {
      path = prefix;
    } else if (field.startsWith("[")) {
      path = prefix + field;
    } else {
      path = prefix + "." + field;
    }
    return new Rejection(code, path, message, line, column, taskId);
  }
}
