package io.switchboard.client;

import io.switchboard.common.model.TaskKey;
import java.util.List;
import java.util.Objects;

/** The answer to a cancel: an expected outcome, returned as a value rather than thrown. */
public sealed interface CancelResult {

  /** The task the cancel was about. */
  TaskKey key();

  /**
   * {@code 202}: the task and its unfinished descendants are being cancelled.
   *
   * @param key the task
   * @param cancelled the tasks being cancelled (the task itself and its descendants)
   */
  record Cancelling(TaskKey key, List<TaskKey> cancelled) implements CancelResult {
    public Cancelling {
      Objects.requireNonNull(key, "key");
      cancelled = cancelled == null || cancelled.isEmpty() ? List.of(key) : List.copyOf(cancelled);
    }
  }

  /**
   * {@code 409}: the task had already finished; nothing was cancelled.
   *
   * @param key the task
   * @param message the coordinator's explanation (may name the final status)
   */
  record AlreadyFinished(TaskKey key, String message) implements CancelResult {
    public AlreadyFinished {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * {@code 404}: the coordinator knows no such task.
   *
   * @param key the task
   */
  record NotFound(TaskKey key) implements CancelResult {
    public NotFound {
      Objects.requireNonNull(key, "key");
    }
  }
}
