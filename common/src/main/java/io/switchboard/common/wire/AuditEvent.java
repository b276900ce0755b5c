package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What the built-in audit hook records on {@code <p>.audit} (keyed by the task key): a task was
 * spawned or terminated, by whom, under which parent.
 *
 * @param taskKey the task
 * @param parent its parent task; null for a top-level task
 * @param agent the agent it runs
 * @param caller who asked for it (the token's subject); null when unauthenticated
 * @param kind {@code spawned} or {@code terminated}
 * @param at when it happened
 * @param outcome the final outcome for {@code terminated}; else null
 */
public record AuditEvent(
    TaskKey taskKey,
    TaskKey parent,
    String agent,
    String caller,
    Kind kind,
    Instant at,
    StepOutcome outcome) {

  /** What happened to the task. */
  public enum Kind {
    SPAWNED,
    TERMINATED;

    /** The stable name on the wire. */
    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AuditEvent {
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
