package io.switchboard.coordinator.runner.process;

import io.switchboard.common.config.ConfigKey;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.WorkerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line and environment of one worker process: {@code <launcher> worker --bootstrap ...
 * --runner <name> --worker-id <id> --coordinator-url <url> ...}. Kafka client properties (which may hold
 * credentials) travel in the environment, not on the command line; {@code SWITCHBOARD_PARENT_PID} makes
 * the worker stop when this coordinator is gone.
 */
record WorkerCommandLine(List<String> command, Map<String, String> environment) {

  static WorkerCommandLine of(ProcessSettings settings, String runner, String workerId, KafkaSettings kafka,
      URI coordinatorUrl, Map<String, String> inherited) {
    List<String> command = new ArrayList<>(settings.launcher());
    command.add("worker");
    add(command, KafkaSettings.BOOTSTRAP, kafka.bootstrap());
    add(command, KafkaSettings.TOPIC_PREFIX, kafka.topicPrefix());
    add(command, WorkerConfig.RUNNER, runner);
    add(command, WorkerConfig.WORKER_ID, workerId);
    add(command, WorkerConfig.CONCURRENCY, Integer.toString(settings.concurrency()));
    add(command, WorkerConfig.GRACE, Long.toString(Math.max(1, settings.stopGrace().toMillis())));
    add(command, WorkerConfig.COORDINATOR_URL, coordinatorUrl.toString());
    command.addAll(settings.args());

    // the coordinator's own SWITCHBOARD_* settings (agents file, port...) are not the worker's
    Map<String, String> env = new HashMap<>(inherited);
    env.keySet().removeIf(name -> name.startsWith(ConfigKey.ENV_PREFIX));
    if (!kafka.clientProperties().isEmpty()) {
      env.put(KafkaSettings.CLIENT_PROPERTIES.env(), kafka.clientProperties().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
    }
    kafka.partitions().ifPresent(p -> env.put(KafkaSettings.PARTITIONS.env(), p.toString()));
    kafka.replicationFactor().ifPresent(r -> env.put(KafkaSettings.REPLICATION_FACTOR.env(), r.toString()));
    env.put(WorkerConfig.PARENT_PID.env(), Long.toString(ProcessHandle.current().pid()));
    env.putAll(settings.env());
    return new WorkerCommandLine(List.copyOf(command), Map.copyOf(env));
  }

  private static void add(List<String> command, ConfigKey<?> key, String value) {
    command.add(key.flag());
    command.add(value);
  }
}
