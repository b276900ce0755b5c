package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What the built-in audit hook records of one task, inside an {@link AuditBatch} on {@code <p>.audit}: the
 * task was spawned or terminated, by whom, under which parent, and how it ended.
 *
 * @param taskKey the task
 * @param parent its parent task; null for a top-level task
 * @param agent the agent it runs
 * @param caller who asked for it (the token's subject); null when unauthenticated
 * @param kind {@code spawned} or {@code terminated}
 * @param at when it happened
 * @param outcome how it ended, for {@code terminated}; else null. The output itself is on the results
 *     topic, not in the audit log.
 */
public record AuditEvent(
    TaskKey taskKey,
    TaskKey parent,
    String agent,
    String caller,
    Kind kind,
    Instant at,
    Ending outcome) {

  /** What happened to the task. */
  public enum Kind {
    SPAWNED,
    TERMINATED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stable name on the wire. */
    @JsonValue
    public String wireName() {
      return wireName;
    }
  }

  /**
   * How a task ended, as the audit log keeps it: no output, which the results topic holds.
   *
   * @param success whether it succeeded; else {@code error} says why (code {@code cancelled} if cancelled)
   * @param error why it did not succeed; null on success
   * @param attempts how many times it was started
   */
  public record Ending(boolean success, TaskError error, int attempts) {

    /** The audit's view of a task's final outcome. */
    public static Ending of(StepOutcome outcome) {
      return new Ending(outcome.success(), outcome.error(), outcome.attempts());
    }
  }

  public AuditEvent {
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
