package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of an invocation as a whole: {@code running} until its join is done. */
public enum InvocationStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** Whether the invocation's join is done. */
  public boolean isTerminal() {
    return this != RUNNING;
  }

  /** The stable name on the wire. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
