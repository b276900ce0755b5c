package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/contexts/{id}/entries}: one message to append to a context.
 *
 * @param role who speaks; default {@code assistant}; 1-64 characters of {@code [a-zA-Z0-9_.-]}
 * @param content the text; required
 * @param data structured content (a tool call, a tool result); optional
 * @param author the task key of the writer; optional (agents pass their own key)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContextAppend(String role, String content, JsonNode data, String author) {

  /** The role of an append that names none. */
  public static final String DEFAULT_ROLE = "assistant";

  private static final Pattern ROLE = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  public ContextAppend {
    data = data == null || data.isNull() || data.isMissingNode() ? null : data;
  }

  /** The role, defaulted. */
  public String roleOrDefault() {
    return role == null ? DEFAULT_ROLE : role;
  }

  /** What is wrong with this append, naming the field; empty when it may be appended. */
  public Optional<Rejection> validate() {
    if (content == null) {
      return Optional.of(Rejection.of(RejectionCode.MISSING_FIELD, "content", "content is required"));
    }
    if (role != null && !ROLE.matcher(role).matches()) {
      return Optional.of(Rejection.of(RejectionCode.INVALID_VALUE, "role",
          "role must be 1-64 characters of [a-zA-Z0-9_.-]"));
    }
    if (author != null) {
      try {
        TaskKey.parse(author);
      } catch (IllegalArgumentException e) {
        return Optional.of(Rejection.of(RejectionCode.INVALID_VALUE, "author",
            "author must be a task key <invocationId>/<taskId>"));
      }
    }
    return Optional.empty();
  }
}
