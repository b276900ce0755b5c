package io.switchboard.client;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code error} object of an API error answer: {@code {"error": {"code", "message", "field",
 * "taskId", "line", "column"}}}. The code is kept as a string so that codes this client does not
 * know (a newer coordinator, a proxy) are still reported; {@link #rejection()} gives the typed
 * {@link Rejection} when the code is one of {@link RejectionCode}.
 *
 * @param code the error code, e.g. {@code unknown_agent}; {@code http_<status>} when the answer had
 *     no error object
 * @param message a human-readable explanation; may be null
 * @param field the path of the offending field, e.g. {@code targets[1].agent}; may be null
 * @param taskId the task a {@code conflict} is about; may be null
 * @param line 1-based line of a {@code malformed} body; may be null
 * @param column 1-based column of a {@code malformed} body; may be null
 */
public record ApiError(
    String code, String message, String field, String taskId, Integer line, Integer column) {

  public ApiError {
    Objects.requireNonNull(code, "code");
  }

  /** An error with only a code and a message. */
  public static ApiError of(String code, String message) {
    return new ApiError(code, message, null, null, null, null);
  }

  /** The error the API shows for {@code rejection}. */
  public static ApiError of(Rejection rejection) {
    return new ApiError(
        rejection.code().wireName(),
        rejection.message(),
        rejection.field(),
        rejection.taskId(),
        rejection.line(),
        rejection.column());
  }

  /** The typed refusal, when the code is one this client knows. */
  public Optional<Rejection> rejection() {
    return RejectionCode.fromWire(code)
        .map(known -> new Rejection(known, field, message, line, column, taskId));
  }

  /** {@code <code> at <field>: <message>}, leaving out what is absent. */
  public String describe() {
    StringBuilder text = new StringBuilder(code);
    if (field != null && !field.isEmpty()) {
      text.append(" at ").append(field);
    }
    if (line != null) {
      text.append(" (line ").append(line);
      text.append(column == null ? ")" : ", column " + column + ")");
    }
    if (taskId != null) {
      text.append(" [task ").append(taskId).append(']');
    }
    if (message != null && !message.isEmpty()) {
      text.append(": ").append(message);
    }
    return text.toString();
  }
}
