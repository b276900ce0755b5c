package io.switchboard.dist;

import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.ShareGroupConfig;
import io.switchboard.coordinator.Coordinator;
import io.switchboard.coordinator.hook.Hooks;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard coordinator}: the coordinator against any Kafka cluster. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
    description = "Run a coordinator (HTTP API, joins, state) against a Kafka cluster.")
final class CoordinatorCommand implements Callable<Integer>, ConfigOptions.Configured {

  @Spec
  private CommandSpec spec;

  @Override
  public List<ConfigGroup> configGroups() {
    return List.of(KafkaSettings.GROUP, CoordinatorConfig.GROUP, ShareGroupConfig.GROUP, Hooks.GROUP);
  }

  @Override
  public Integer call() throws Exception {
    ConfigSource source = ConfigOptions.source(spec);
    Coordinator coordinator = Coordinator.start(CoordinatorConfig.from(source), KafkaSettings.from(source),
        ShareGroupConfig.from(source), source, Clock.systemUTC());
    System.out.println("switchboard coordinator: " + coordinator.url());
    System.out.flush();
    Processes.runUntilStopped(List.of(coordinator));
    return 0;
  }
}
