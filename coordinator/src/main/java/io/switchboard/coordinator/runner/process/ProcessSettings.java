package io.switchboard.coordinator.runner.process;

import io.switchboard.common.config.RunnerConfig;
import io.switchboard.coordinator.runner.PrivateConfig;
import io.switchboard.coordinator.runner.RunnerConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The private config of a {@code process} runner, parsed and validated (see docs/runners.md).
 *
 * @param launcher the program and arguments before {@code worker ...}: by default this JVM running
 *     {@code mainClass} on this classpath, else {@code command} as given (e.g. {@code ["bin/switchboard"]})
 * @param maxWorkers at most this many worker processes at once
 * @param concurrency each worker's {@code --concurrency}
 * @param idle a runner without waiting or running tasks for this long has its workers stopped
 * @param startTimeout a started worker not seen in a heartbeat within this is killed and replaced
 * @param stopGrace a stopping worker's {@code --grace-ms}; it is SIGKILLed if still alive 10 s after it
 * @param env added to the worker's environment
 * @param args added after the worker's own flags
 * @param logDir where each worker's stdout and stderr go ({@code <worker id>.log})
 */
public record ProcessSettings(List<String> launcher, int maxWorkers, int concurrency, Duration idle,
    Duration startTimeout, Duration stopGrace, Map<String, String> env, List<String> args, Path logDir) {

  /** The launcher's main class by default (a string: the coordinator does not depend on dist). */
  public static final String DEFAULT_MAIN_CLASS = "io.switchboard.dist.Switchboard";

  private static final Set<String> FIELDS = Set.of("command", "java", "jvmArgs", "classpath", "mainClass",
      "maxWorkers", "concurrency", "idleMs", "startTimeoutMs", "stopGraceMs", "env", "args", "logDir");

  public ProcessSettings {
    launcher = List.copyOf(launcher);
    env = Map.copyOf(env);
    args = List.copyOf(args);
  }

  /** Parses {@code runner}'s config; {@code dataDir} holds the default log directory. */
  public static ProcessSettings parse(RunnerConfig runner, Path dataDir) {
    PrivateConfig config = new PrivateConfig(runner.config()).refuseUnknown(FIELDS);
    List<String> command = config.strings("command", List.of());
    Optional<String> java = config.text("java");
    List<String> jvmArgs = config.strings("jvmArgs", List.of());
    Optional<String> classpath = config.text("classpath");
    Optional<String> mainClass = config.text("mainClass");
    if (!command.isEmpty() && (java.isPresent() || !jvmArgs.isEmpty() || classpath.isPresent()
        || mainClass.isPresent())) {
      throw new RunnerConfigException("command", "replaces java, jvmArgs, classpath and mainClass: give one or "
          + "the others");
    }
    List<String> launcher = command;
    if (launcher.isEmpty()) {
      List<String> jvm = new ArrayList<>();
      jvm.add(java.orElseGet(ProcessSettings::currentJava));
      jvm.addAll(jvmArgs);
      jvm.addAll(List.of("-cp", classpath.orElseGet(() -> System.getProperty("java.class.path")),
          mainClass.orElse(DEFAULT_MAIN_CLASS)));
      launcher = jvm;
    }
    return new ProcessSettings(launcher,
        (int) config.integer("maxWorkers", 1, 1, 1000),
        (int) config.integer("concurrency", 8, 1, 10_000),
        Duration.ofMillis(config.integer("idleMs", 60_000, 1, Long.MAX_VALUE)),
        Duration.ofMillis(config.integer("startTimeoutMs", 120_000, 1, Long.MAX_VALUE)),
        Duration.ofMillis(config.integer("stopGraceMs", 30_000, 0, Long.MAX_VALUE)),
        config.stringMap("env"),
        config.strings("args", List.of()),
        config.text("logDir").map(Path::of).orElse(dataDir.resolve("runners").resolve(runner.name())));
  }

  /** The java executable running this coordinator. */
  static String currentJava() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
