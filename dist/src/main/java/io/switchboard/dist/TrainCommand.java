package io.switchboard.dist;

import io.switchboard.client.AwaitListener;
import io.switchboard.client.HttpSwitchboardClient;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TaskQuery;
import io.switchboard.common.config.BrokerConfig;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.ShareGroupConfig;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.Target;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.Coordinator;
import io.switchboard.devkit.InJvmBroker;
import io.switchboard.devkit.Provisioning;
import io.switchboard.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code switchboard train}: a short run of what a deployment does, in this one JVM, for the launcher to
 * record an ahead-of-time cache of the classes it loads (JDK 25's {@code -XX:AOTCacheOutput}): an embedded
 * broker, a coordinator and a worker; joins of every kind, listings; then the coordinator stopped and
 * started again on its state, as a restart after a crash does, and once more on an empty state directory,
 * as a coordinator that lost its disk rebuilds from the topics. Every later start of every process loads
 * those classes from the cache instead of from the jars: a restarted coordinator is ready sooner.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
    description = "Run a short workload in this JVM, for recording an AOT cache (used by bin/switchboard).")
final class TrainCommand implements Callable<Integer> {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PROMPT = "x".repeat(300);

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("switchboard-train");
    try (InJvmBroker broker = InJvmBroker.start(new BrokerConfig("127.0.0.1", 0, dir.resolve("kafka"),
        Duration.ofSeconds(1)))) {
      ConfigSource source = ConfigSource.ofFlags(Map.of());
      KafkaSettings kafka = KafkaSettings.fromWithBootstrap(source, broker.bootstrap());
      ShareGroupSettings shareGroups = ShareGroupConfig.from(source);
      Provisioning.provision(kafka, Map.of(), shareGroups);
      AgentRegistrations.publish(new KafkaClients(kafka), new Topics(kafka.topicPrefix()),
          List.of(AgentSpec.of("echo", new AgentKind.Echo(0))));
      CoordinatorConfig config = CoordinatorConfig.defaults(dir.resolve("coordinator"));
      try (Coordinator first = Coordinator.start(config, kafka, shareGroups, source, Clock.systemUTC());
          Worker worker = Worker.start(WorkerConfig.defaults().withConcurrency(64)
              .withCoordinatorUrl(first.url().toString()), kafka, Clock.systemUTC())) {
        String unfinished = workload(first.url().toString());
        first.close();
        // a start on the state the first one left: what a restart reads
        try (Coordinator second = Coordinator.start(config, kafka, shareGroups, source, Clock.systemUTC());
            SwitchboardClient client = HttpSwitchboardClient.builder(second.url().toString()).build()) {
          require(client.awaitInvocation(unfinished, WAIT, AwaitListener.of(progress -> { })),
              "the invocation left running by the first coordinator");
          workload(second.url().toString());
        }
        // a start on an empty state directory: the rebuild from the topics a coordinator that lost its disk runs
        deleteTree(config.stateDir());
        try (Coordinator third = Coordinator.start(config, kafka, shareGroups, source, Clock.systemUTC())) {
          workload(third.url().toString());
        }
      }
    } finally {
      deleteTree(dir);
    }
    System.out.println("switchboard train: done");
    return 0;
  }

  /** Joins of every kind and the reads a client makes; returns an invocation still running at the end. */
  private static String workload(String url) {
    try (SwitchboardClient client = HttpSwitchboardClient.builder(url).build()) {
      for (int i = 0; i < 30; i++) {
        require(client.submit(invocation(Join.SINGLE, 1), WAIT).result(), "a single join");
      }
      InvocationResult all = require(client.submit(invocation(Join.ALL, 1_000), WAIT).result(), "an all join");
      client.tasks(TaskQuery.all().withLimit(100));
      client.invocation(all.invocationId(), Duration.ZERO);
      for (int i = 0; i < 3; i++) {
        client.submit(invocation(Join.DETACHED, 300), Duration.ZERO);
      }
      client.agents();
      client.workers();
      Submission running = client.submit(invocation(Join.ALL, 1_000), Duration.ZERO);
      return running.result().invocationId();
    }
  }

  private static Invocation invocation(Join join, int targets) {
    List<Target> list = new ArrayList<>(targets);
    IntStream.range(0, targets).forEach(i -> list.add(Target.of("echo", PROMPT)));
    return new Invocation(null, join, list, null, null, null, null, null, null);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static InvocationResult require(InvocationResult result, String what) {
    if (!result.status().isTerminal()) {
      throw new IllegalStateException(what + " did not finish: " + result.status());
    }
    return result;
  }

}
