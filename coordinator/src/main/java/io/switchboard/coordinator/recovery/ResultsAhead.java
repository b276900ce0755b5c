package io.switchboard.coordinator.recovery;

import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The results a rebuild reads before the intents they belong to: which result of each task the state
 * store keeps, and which invocations they show finished plainly (every task succeeded at its first and only
 * attempt), so that those go to disk as they are, never restored into memory.
 *
 * <p>The result kept is the one live processing would have applied, told without the tasks' state: the
 * first result of an attempt wins, a later attempt's result replaces an earlier one's (a restart or a
 * retry ran it again), and an earlier attempt's never replaces a later one's (the late result of an attempt
 * whose lock was lost). A result an earlier start stored is compared in the same way, and its invocation is
 * then never plain.
 */
final class ResultsAhead {

  /** What the results read so far say of one invocation. */
  private static final class Tally {
    /** Task id → the attempt whose result is kept. */
    private final Map<String, Integer> kept = new HashMap<>();
    private boolean plain = true;
  }

  private final Map<String, Tally> tallies = new HashMap<>();

  /**
   * Whether the store keeps {@code result} (in place of what it kept for the task before).
   *
   * @param stored the attempt of the result an earlier start stored for this task, if any
   */
  boolean keep(TaskResult result, OptionalInt stored) {
    Tally tally = tallies.computeIfAbsent(result.key().invocationId(), id -> new Tally());
    Integer before = tally.kept.get(result.key().taskId());
    if (before == null) {
      if (stored.isPresent()) {
        before = stored.getAsInt();
        tally.plain = false;
      }
    }
    if (before != null && result.attempt() <= before) {
      tally.plain = false;
      return false;
    }
    if (before != null || result.attempt() != 1 || !(result.outcome() instanceof Outcome.Succeeded)) {
      tally.plain = false;
    }
    tally.kept.put(result.key().taskId(), result.attempt());
    return true;
  }

  /**
   * Whether the results finished this intent's invocation plainly: every target has its one result, of
   * its first attempt, succeeded. A child invocation (one with a parent task) never counts: it is restored
   * to be listed under its parent.
   */
  boolean finishedPlainly(IntentAssembler.Intent intent) {
    Tally tally = tallies.get(intent.invocationId());
    if (tally == null || !tally.plain || tally.kept.size() != intent.head().targetCount()
        || intent.head().options().parentTaskId() != null) {
      return false;
    }
    for (String taskId : intent.taskIds()) {
      if (!tally.kept.containsKey(taskId)) {
        return false;
      }
    }
    return true;
  }

  /** Lets go of what the results said of an invocation now settled (gone to disk). */
  void forget(String invocationId) {
    tallies.remove(invocationId);
  }

  /** The invocations some kept result belongs to (and not forgotten). */
  Set<String> invocations() {
    return tallies.keySet();
  }
}
