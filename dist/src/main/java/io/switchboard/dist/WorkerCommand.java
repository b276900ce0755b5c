package io.switchboard.dist;

import io.switchboard.common.config.AgentFiles;
import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.topic.Topics;
import io.switchboard.worker.Worker;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard worker}: a worker process serving one runner's pool. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a worker that takes tasks of one runner from Kafka and runs its agents.")
final class WorkerCommand implements Callable<Integer>, ConfigOptions.Configured {

  @Spec
  private CommandSpec spec;

  @Override
  public List<ConfigGroup> configGroups() {
    return List.of(KafkaSettings.GROUP, WorkerConfig.GROUP,
        new ConfigGroup("agents", "", List.of(CoordinatorConfig.AGENTS)));
  }

  @Override
  public Integer call() throws Exception {
    ConfigSource source = ConfigOptions.source(spec);
    KafkaSettings kafka = KafkaSettings.from(source);
    WorkerConfig config = WorkerConfig.from(source);
    source.find(WorkerConfig.PARENT_PID).ifPresent(ParentWatch::exitWhenGone);
    var agents = source.find(CoordinatorConfig.AGENTS).map(AgentFiles::read).orElse(List.of());
    if (!agents.isEmpty()) {
      AgentRegistrations.publish(new KafkaClients(kafka), new Topics(kafka.topicPrefix()), agents);
    }
    Worker worker = Worker.start(config, kafka, Clock.systemUTC());
    System.out.println("switchboard worker: " + worker.id() + " serving runner '" + config.runner() + "' from "
        + kafka.bootstrap());
    System.out.flush();
    Processes.runUntilStopped(List.of(worker));
    return 0;
  }
}
