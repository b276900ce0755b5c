package io.switchboard.coordinator.engine;

import io.switchboard.common.model.TaskKey;
import java.util.List;

/** The engine's answer to a cancel. */
public sealed interface CancelOutcome {

  /** Cancelling: these tasks (the task and its unfinished descendants) are being cancelled. */
  record Cancelling(TaskKey key, List<TaskKey> cancelled) implements CancelOutcome {}

  record NotFound(TaskKey key) implements CancelOutcome {}

  record AlreadyFinished(TaskKey key, String status) implements CancelOutcome {}
}
