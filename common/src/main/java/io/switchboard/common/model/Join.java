package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How an invocation's outcomes are joined: {@code single} (exactly one target), {@code all} (every
 * outcome, in target order), {@code detached} (answer at once; the tasks run on).
 */
public enum Join {
  SINGLE,
  ALL,
  DETACHED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The stable name on the wire. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
