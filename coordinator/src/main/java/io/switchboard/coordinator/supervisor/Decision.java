package io.switchboard.coordinator.supervisor;

import java.time.Duration;

/** What the supervisor decided for a task's terminal result. */
public sealed interface Decision {

  /** The result stands: the task is finished. */
  record Finish() implements Decision {}

  /** Run the task again, attempt + 1, after {@code backoff}. */
  record Restart(int nextAttempt, Duration backoff) implements Decision {}

  /** The task is finished (failed) and its failure is carried to its parent task. */
  record Escalate() implements Decision {}
}
