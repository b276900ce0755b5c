package io.switchboard.client.sdk;

/**
 * One stage of a {@link Switchboard#pipeline pipeline}: given where an item stands, the next step
 * to run for it, or null to stop that item here (the item's result is then {@link
 * ItemResult.Status#STOPPED}). A stage that throws stops only its item; the result says which stage
 * and carries the exception.
 *
 * @param <I> the type of the pipeline's items
 */
@FunctionalInterface
public interface Stage<I> {

  /** The next step for {@code context.item()}, or null to stop the item. */
  Step next(StageContext<I> context) throws Exception;
}
