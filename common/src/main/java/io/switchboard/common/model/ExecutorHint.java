package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where the caller would like its tasks to run ({@code executor} in a submit request). The
 * coordinator resolves it, with the agent's allowed runtimes and the live runners, to an {@link
 * Executor}.
 *
 * @param hint {@code auto} (default: remote when the agent allows it, else local), {@code local} or
 *     {@code remote}
 * @param runner the remote pool to use; null for the agent's own runner
 */
public record ExecutorHint(Mode hint, String runner) {

  /** The caller's preference. */
  public enum Mode {
    AUTO,
    LOCAL,
    REMOTE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stable name on the wire. */
    @JsonValue
    public String wireName() {
      return wireName;
    }
  }

  public ExecutorHint {
    hint = hint == null ? Mode.AUTO : hint;
  }

  /** {@code {"hint": "auto", "runner": null}}, the default. */
  public static ExecutorHint auto() {
    return new ExecutorHint(Mode.AUTO, null);
  }
}
