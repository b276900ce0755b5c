package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.common.model.TaskKey;
import java.time.Instant;
import java.util.Objects;

/**
 * Live progress of a running task on {@code <p>.events} (keyed by the task key), tagged by {@code
 * "type"}: {@code started}, {@code heartbeat}, {@code progress}, {@code log}. Short-lived; the
 * journal is {@link TaskResult}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TaskEvent.Started.class, name = "started"),
  @JsonSubTypes.Type(value = TaskEvent.Heartbeat.class, name = "heartbeat"),
  @JsonSubTypes.Type(value = TaskEvent.Progress.class, name = "progress"),
  @JsonSubTypes.Type(value = TaskEvent.Log.class, name = "log")
})
public sealed interface TaskEvent {

  /** The task this event is about. */
  TaskKey key();

  /** The attempt this event is about. */
  int attempt();

  /** When it happened. */
  Instant at();

  /** A worker started an attempt. */
  record Started(TaskKey key, int attempt, String worker, Instant at) implements TaskEvent {
    public Started {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The worker running an attempt is alive. */
  record Heartbeat(TaskKey key, int attempt, String worker, Instant at) implements TaskEvent {
    public Heartbeat {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The agent reported progress: a message and, when it can count, {@code done} of {@code total}.
   */
  record Progress(TaskKey key, int attempt, String message, Integer done, Integer total, Instant at)
      implements TaskEvent {
    public Progress {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
    }
  }

  /** One line the agent wrote, with its stream ({@code stdout} or {@code stderr}). */
  record Log(TaskKey key, int attempt, String stream, String line, Instant at)
      implements TaskEvent {
    public Log {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
    }
  }
}
