package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import io.switchboard.common.json.WireEnums;
import java.util.Locale;
import java.util.Optional;

/** The state of one task. {@code succeeded}, {@code failed} and {@code cancelled} are final. */
public enum TaskStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** Whether the task has its final outcome. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The status with this wire name (e.g. from a {@code status=} query), if any. */
  public static Optional<TaskStatus> fromWire(String wireName) {
    return WireEnums.byWireName(values(), TaskStatus::wireName, wireName);
  }

  /** The stable name on the wire. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
