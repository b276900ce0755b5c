package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.common.model.TaskKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A command to whichever worker runs a task, on {@code <p>.control} (keyed by the task key), tagged
 * by {@code "type"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ControlMessage.CancelTask.class, name = "cancel_task")})
public sealed interface ControlMessage {

  /** The task the command is for. */
  TaskKey key();

  /** Stop the task (and kill its process tree); it ends {@code cancelled}. */
  record CancelTask(TaskKey key, String reason, Instant at) implements ControlMessage {
    public CancelTask {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
    }
  }
}
