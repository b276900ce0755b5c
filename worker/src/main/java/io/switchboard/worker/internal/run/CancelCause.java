package io.switchboard.worker.internal.run;

/** Why a task stopped before its agent finished; the first cause wins. */
public sealed interface CancelCause {

  /** A {@code CancelTask} arrived: the task ends {@code cancelled}. */
  record Requested(String reason) implements CancelCause {}

  /** The time limit ran out: the task fails {@code timeout}. */
  record TimedOut(long limitMs) implements CancelCause {}

  /** The worker is stopping and the grace period is over: the task is handed back (RELEASE). */
  record Shutdown() implements CancelCause {}
}
