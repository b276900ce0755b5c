package io.switchboard.common.error;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a request or record was refused, as the API reports it in {@code error.code}.
 *
 * <p>Wire names are the lower_snake spelling of the constant ({@code
 * join_single_needs_one_target}); each code knows the HTTP status the API answers with.
 */
public enum RejectionCode {
  MALFORMED(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  CONFLICT(409),
  TOO_LARGE(413),
  JOIN_SINGLE_NEEDS_ONE_TARGET(422),
  DUPLICATE_TASK_ID(422),
  UNKNOWN_AGENT(422),
  NO_EXECUTOR(422),
  TOOL_NOT_INHERITED(422),
  MISSING_PARENT(422),
  UNKNOWN_FIELD(422),
  INVALID_SCHEMA(422),
  INVALID_VALUE(422),
  MISSING_FIELD(422),
  TOO_FEW_TARGETS(422),
  TOO_MANY_TARGETS(422);

  private final int httpStatus;
  private final String wireName = name().toLowerCase(Locale.ROOT);

  RejectionCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the API answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The stable name on the wire, e.g. {@code too_large}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The code with this wire name, if any. */
  public static Optional<RejectionCode> fromWire(String wireName) {
    for (RejectionCode code : values()) {
      if (code.wireName().equals(wireName)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
