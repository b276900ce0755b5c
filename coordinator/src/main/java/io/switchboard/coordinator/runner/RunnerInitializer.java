package io.switchboard.coordinator.runner;

import io.switchboard.common.model.WorkerInfo;
import java.util.List;

/**
 * Starts and stops the workers of one runner, as its demand asks. One instance per configured runner,
 * made by the {@link RunnerInitializerFactory} of the runner's kind. The coordinator's scaler thread is the
 * only caller of {@link #reconcile}, so an implementation needs no locking of its own; {@link #close} comes
 * once, after the last reconcile.
 */
public interface RunnerInitializer extends AutoCloseable {

  /** The runner it starts workers for. */
  String runner();

  /**
   * Brings the runner's workers in line with its demand: starts some when tasks wait and too few serve
   * the runner, stops them when the runner was idle long enough, replaces one that died.
   *
   * @param load the runner's tasks now, as the engine last published them
   * @param live the live workers of this runner (from their heartbeats), the initializer's own included
   */
  void reconcile(RunnerLoad load, List<WorkerInfo> live);

  /** Stops every worker it started, waiting a bounded time for them to exit. */
  @Override
  void close();
}
