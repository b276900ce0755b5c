package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * What happens when a task fails: per agent, overridable per target.
 *
 * <p>{@code restart} runs the task again for retryable errors, up to {@code maxRestarts} times,
 * waiting {@code backoffMs} doubled on each restart and capped at {@code maxBackoffMs}; {@code
 * stop} keeps the failure; {@code escalate} hands it to the parent task. Absent fields take the
 * defaults: restart, 3, 500 ms, 30 s.
 */
public record SupervisorPolicy(
    OnFailure onFailure, int maxRestarts, long backoffMs, long maxBackoffMs) {

  public static final int DEFAULT_MAX_RESTARTS = 3;
  public static final long DEFAULT_BACKOFF_MS = 500;
  public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;

  /** The reaction to a failed task. */
  public enum OnFailure {
    RESTART,
    STOP,
    ESCALATE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stable name on the wire. */
    @JsonValue
    public String wireName() {
      return wireName;
    }
  }

  public SupervisorPolicy {
    Objects.requireNonNull(onFailure, "onFailure");
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, got " + maxRestarts);
    }
    if (backoffMs < 0) {
      throw new IllegalArgumentException("backoffMs must be >= 0, got " + backoffMs);
    }
    if (maxBackoffMs < backoffMs) {
      throw new IllegalArgumentException(
          "maxBackoffMs (" + maxBackoffMs + ") must be >= backoffMs (" + backoffMs + ")");
    }
  }

  /** Reads the JSON form, where every field is optional. */
  @JsonCreator
  public static SupervisorPolicy of(
      @JsonProperty("onFailure") OnFailure onFailure,
      @JsonProperty("maxRestarts") Integer maxRestarts,
      @JsonProperty("backoffMs") Long backoffMs,
      @JsonProperty("maxBackoffMs") Long maxBackoffMs) {
    long backoff = backoffMs == null ? DEFAULT_BACKOFF_MS : backoffMs;
    return new SupervisorPolicy(
        onFailure == null ? OnFailure.RESTART : onFailure,
        maxRestarts == null ? DEFAULT_MAX_RESTARTS : maxRestarts,
        backoff,
        maxBackoffMs == null ? Math.max(DEFAULT_MAX_BACKOFF_MS, backoff) : maxBackoffMs);
  }

  /** Restart up to 3 times, 500 ms backoff doubling to at most 30 s. */
  public static SupervisorPolicy defaults() {
    return of(null, null, null, null);
  }
}
