package io.switchboard.coordinator.runner;

import io.switchboard.common.config.RunnerConfig;

/**
 * Makes the {@link RunnerInitializer} of one runner kind; found with {@link java.util.ServiceLoader}
 * (built in: {@code process}). It alone reads the runner's private {@code config}.
 */
public interface RunnerInitializerFactory {

  /** The kind it serves, as {@code kind} names it in a runners file. */
  String kind();

  /**
   * Parses and validates {@code runner}'s private config, then makes its initializer. Creating starts
   * nothing: workers start on the first {@link RunnerInitializer#reconcile} that needs them.
   *
   * @throws RunnerConfigException when the config is invalid, naming the field within it
   */
  RunnerInitializer create(RunnerConfig runner, RunnerContext context);
}
