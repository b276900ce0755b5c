package io.switchboard.client.sdk;

import io.switchboard.common.error.FatalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One {@link Switchboard#pipeline} call: every item runs its own chain of stages on its own virtual
 * thread, so no item ever waits for another between stages; a semaphore bounds the steps in flight
 * when {@code maxParallel} is set.
 *
 * @param <I> the type of the items
 */
final class PipelineRun<I> {

  private final List<Stage<I>> stages;
  private final Function<Step, StepResult> invoke;
  private final Semaphore inFlight;

  /**
   * @param stages the stages, in order; at least one
   * @param invoke runs one step and waits for its result
   * @param maxParallel at most this many steps at once; null for no limit
   */
  PipelineRun(List<Stage<I>> stages, Function<Step, StepResult> invoke, Integer maxParallel) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one stage");
    }
    stages.forEach(stage -> Objects.requireNonNull(stage, "stage"));
    this.stages = List.copyOf(stages);
    this.invoke = Objects.requireNonNull(invoke, "invoke");
    this.inFlight = maxParallel == null ? null : new Semaphore(maxParallel, true);
  }

  /** Runs every item through the stages; the results in input order. */
  List<ItemResult<I>> run(List<I> items) {
    ExecutorService threads = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("switchboard-pipeline-", 0).factory());
    try {
      List<Future<ItemResult<I>>> chains = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        I item = items.get(i);
        int index = i;
        chains.add(threads.submit(() -> chain(item, index)));
      }
      List<ItemResult<I>> results = new ArrayList<>(items.size());
      for (Future<ItemResult<I>> chain : chains) {
        results.add(chain.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("interrupted while the pipeline ran", e);
    } catch (ExecutionException e) {
      throw new FatalException("a pipeline chain failed unexpectedly", e.getCause());
    } finally {
      threads.shutdownNow();
    }
  }

  private ItemResult<I> chain(I item, int index) {
    List<StepResult> history = new ArrayList<>(stages.size());
    for (int stage = 0; stage < stages.size(); stage++) {
      Step step;
      try {
        step = stages.get(stage).next(new StageContext<>(item, index, stage, history));
      } catch (Exception e) {
        return new ItemResult<>(item, index, ItemResult.Status.ERROR, stage, history, e);
      }
      if (step == null) {
        return new ItemResult<>(item, index, ItemResult.Status.STOPPED, stage, history, null);
      }
      StepResult result;
      try {
        result = runStep(step);
      } catch (RuntimeException e) {
        return new ItemResult<>(item, index, ItemResult.Status.ERROR, stage, history, e);
      }
      history.add(result);
      if (!result.success()) {
        return new ItemResult<>(item, index, ItemResult.Status.FAILED, stage, history, null);
      }
    }
    return new ItemResult<>(item, index, ItemResult.Status.COMPLETED, stages.size() - 1, history,
        null);
  }

  private StepResult runStep(Step step) {
    if (inFlight == null) {
      return invoke.apply(step);
    }
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("interrupted while waiting for a free slot", e);
    }
    try {
      return invoke.apply(step);
    } finally {
      inFlight.release();
    }
  }
}
