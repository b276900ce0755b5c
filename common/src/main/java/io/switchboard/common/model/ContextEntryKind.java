package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a context entry is: the task's {@code prompt}, a {@code message} appended while it ran, or
 * an {@code output} (the owner's own, or a shared child's).
 */
public enum ContextEntryKind {
  PROMPT,
  MESSAGE,
  OUTPUT;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The stable name on the wire. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
