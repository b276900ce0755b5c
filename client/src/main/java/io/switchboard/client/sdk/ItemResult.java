package io.switchboard.client.sdk;

import java.util.List;
import java.util.Optional;

/**
 * Where one item of a {@link Switchboard#pipeline pipeline} ended.
 *
 * @param item the input item
 * @param index its position in the input
 * @param status how its chain ended
 * @param stage the stage where it ended: the last stage when {@link Status#COMPLETED}, else the
 *     stage that returned null, failed or threw
 * @param steps the results of the steps it ran, in stage order
 * @param exception what the stage threw (or the call failed with) when {@link Status#ERROR}; else
 *     null
 * @param <I> the type of the items
 */
public record ItemResult<I>(
    I item, int index, Status status, int stage, List<StepResult> steps, Throwable exception) {

  /** How an item's chain ended. */
  public enum Status {
    /** Every stage ran and succeeded. */
    COMPLETED,
    /** A stage returned null: the item stopped there, as asked. */
    STOPPED,
    /** A stage's step failed or was cancelled: the item stopped there. */
    FAILED,
    /**
     * A stage threw, or its step could not be submitted or waited for (refused, timed out): the
     * item stopped there; {@link #exception()} says why.
     */
    ERROR
  }

  public ItemResult {
    steps = List.copyOf(steps);
  }

  /** The last step's result: the final output when {@link Status#COMPLETED}. */
  public Optional<StepResult> last() {
    return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
  }

  /** The final output, when the item completed every stage. */
  public Optional<String> output() {
    return status == Status.COMPLETED ? last().map(StepResult::output) : Optional.empty();
  }

  /** Whether every stage ran and succeeded. */
  public boolean completed() {
    return status == Status.COMPLETED;
  }
}
