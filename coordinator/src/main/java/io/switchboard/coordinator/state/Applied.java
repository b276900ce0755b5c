package io.switchboard.coordinator.state;

import java.time.Duration;

/** What applying a terminal result did to a task (after its supervisor decided). */
public sealed interface Applied {

  /** A duplicate, a stale attempt, or an unknown task: nothing changed. */
  record Ignored() implements Applied {}

  /** The task finished with this result. */
  record Finished(TaskState task) implements Applied {}

  /** The attempt failed and the task will run again after {@code backoff}. */
  record Retrying(TaskState task, int nextAttempt, Duration backoff) implements Applied {}

  /** The task finished failed and its failure goes to its parent. */
  record Escalated(TaskState task) implements Applied {}
}
