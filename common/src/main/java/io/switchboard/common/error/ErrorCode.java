package io.switchboard.common.error;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a task failed, as reported in an outcome's {@code error.code}.
 *
 * <p>Wire names are the lower_snake spelling of the constant. Reading a code this build does not
 * know is a decode error ({@code invalid_value}): codes are only ever added together with the
 * readers that understand them, and a retired code stays here, deprecated.
 */
public enum ErrorCode {
  TIMEOUT(true),
  WORKER_LOST(true),
  AGENT_ERROR(false),
  SCHEMA_MISMATCH(false),
  CANCELLED(false),
  POISON(false),
  REJECTED_BY_HOOK(false),
  TRANSIENT(true),
  THROTTLED(true),
  UNKNOWN_AGENT(false),
  ESCALATED(false),
  INTERNAL(false);

  private final boolean retryable;
  private final String wireName = name().toLowerCase(Locale.ROOT);

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether a supervisor with {@code onFailure: restart} may run the task again. */
  public boolean isRetryable() {
    return retryable;
  }

  /** The stable name on the wire, e.g. {@code worker_lost}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
