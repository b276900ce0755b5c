package io.switchboard.dist;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.DevConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.ShareGroupConfig;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.Coordinator;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.devkit.InJvmBroker;
import io.switchboard.devkit.Provisioning;
import io.switchboard.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard dev}: the quick start. One process with an embedded Kafka broker, a coordinator and
 * a worker; data under {@code --data-dir} survives restarts; an {@code echo} agent is registered.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Run broker, coordinator and worker in one process (data kept in --data-dir).")
final class DevCommand implements Callable<Integer>, ConfigOptions.Configured {

  @Spec
  private CommandSpec spec;

  @Override
  public List<ConfigGroup> configGroups() {
    return List.of(DevConfig.GROUP, new ConfigGroup("topics", "", List.of(KafkaSettings.TOPIC_PREFIX)),
        ShareGroupConfig.GROUP, Hooks.GROUP);
  }

  @Override
  public Integer call() throws Exception {
    ConfigSource source = ConfigOptions.source(spec);
    DevConfig dev = DevConfig.from(source);
    ShareGroupSettings shareGroups = ShareGroupConfig.from(source);
    List<AutoCloseable> started = new ArrayList<>();
    try {
      InJvmBroker broker = InJvmBroker.start(new BrokerConfig("127.0.0.1", dev.kafkaPort(),
          dev.dataDir().resolve("kafka"), Duration.ofSeconds(1)));
      started.add(broker);
      KafkaSettings kafka = KafkaSettings.fromWithBootstrap(source, broker.bootstrap());
      Provisioning.provision(kafka, Map.of(), shareGroups);
      AgentRegistrations.publish(new KafkaClients(kafka), new Topics(kafka.topicPrefix()),
          List.of(AgentSpec.of("echo", new AgentKind.Echo(0))));

      CoordinatorConfig defaults = CoordinatorConfig.defaults(dev.dataDir().resolve("coordinator"));
      CoordinatorConfig coordinatorConfig = new CoordinatorConfig(defaults.host(), dev.port(), defaults.stateDir(),
          dev.agentsFile(), defaults.maxBodyBytes(), defaults.maxRecordBytes(), defaults.apiTokens(),
          Optional.empty(), defaults.workerTimeout(), defaults.cancelGrace(), defaults.deadlineGrace(),
          defaults.taskLost());
      Coordinator coordinator = Coordinator.start(coordinatorConfig, kafka, shareGroups, source, Clock.systemUTC());
      started.add(coordinator);
      WorkerConfig workerConfig = WorkerConfig.defaults().withConcurrency(dev.concurrency())
          .withDeliveryLimit(shareGroups.deliveryCountLimit()).withCoordinatorUrl(coordinator.url().toString());
      started.add(Worker.start(workerConfig, kafka, Clock.systemUTC()));

      System.out.println("switchboard dev: " + coordinator.url());
      System.out.println("kafka: " + broker.bootstrap());
      System.out.println("data: " + dev.dataDir().toAbsolutePath());
      System.out.flush();
    } catch (Exception e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      throw e;
    }
    Processes.runUntilStopped(started);
    return 0;
  }
}
