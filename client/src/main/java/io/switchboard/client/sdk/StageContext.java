package io.switchboard.client.sdk;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link Stage} sees of one item: the item itself and the results of its earlier stages.
 *
 * @param item the pipeline's input item
 * @param index the item's position in the input
 * @param stage this stage's position, from 0
 * @param history the results of the item's earlier stages, in stage order (empty at stage 0)
 * @param <I> the type of the items
 */
public record StageContext<I>(I item, int index, int stage, List<StepResult> history) {

  public StageContext {
    history = List.copyOf(history);
  }

  /** The result of the previous stage; null at stage 0. */
  public StepResult previous() {
    return history.isEmpty() ? null : history.get(history.size() - 1);
  }

  /** The previous stage's output text; empty at stage 0. */
  public Optional<String> previousOutput() {
    return Optional.ofNullable(previous()).map(StepResult::output);
  }
}
