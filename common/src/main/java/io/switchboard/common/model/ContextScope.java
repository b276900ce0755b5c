package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What context a child task sees: {@code independent} (only its prompt), {@code inherited} (a copy
 * of the parent's context at dispatch), {@code shared} (the parent's live context). The last two
 * need a {@code parentTaskId}.
 */
public enum ContextScope {
  INDEPENDENT,
  INHERITED,
  SHARED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** Whether this scope reads the parent's context, and so needs a parent. */
  public boolean needsParent() {
    return this != INDEPENDENT;
  }

  /** The stable name on the wire. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
