package io.switchboard.coordinator.runner.kubernetes;

import io.switchboard.common.config.RunnerConfig;
import io.switchboard.coordinator.runner.RunnerContext;
import io.switchboard.coordinator.runner.RunnerInitializer;
import io.switchboard.coordinator.runner.RunnerInitializerFactory;

/** The {@code kubernetes} kind: a worker Deployment per runner, scaled on demand ({@link KubernetesRunner}). */
public final class KubernetesRunnerFactory implements RunnerInitializerFactory {

  @Override
  public String kind() {
    return "kubernetes";
  }

  @Override
  public RunnerInitializer create(RunnerConfig runner, RunnerContext context) {
    KubernetesSettings settings = KubernetesSettings.parse(runner, KubernetesSettings.SERVICE_ACCOUNT);
    return new KubernetesRunner(runner.name(), settings, new ScaleClient(settings), context.clock());
  }
}
