package io.switchboard.coordinator.runner.process;

import io.switchboard.common.config.RunnerConfig;
import io.switchboard.coordinator.runner.RunnerContext;
import io.switchboard.coordinator.runner.RunnerInitializer;
import io.switchboard.coordinator.runner.RunnerInitializerFactory;

/** The {@code process} kind: worker processes on the coordinator's machine ({@link ProcessRunner}). */
public final class ProcessRunnerFactory implements RunnerInitializerFactory {

  @Override
  public String kind() {
    return "process";
  }

  @Override
  public RunnerInitializer create(RunnerConfig runner, RunnerContext context) {
    return new ProcessRunner(runner.name(), ProcessSettings.parse(runner, context.dataDir()), context);
  }
}
