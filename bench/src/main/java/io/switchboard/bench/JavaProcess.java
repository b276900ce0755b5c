package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code switchboard <command>} as a separate OS process, as a user runs it: the same JDK and classpath
 * as this process, its first stdout line is what it serves, stderr goes to {@code <name>.log}.
 */
final class JavaProcess implements AutoCloseable {

  /** The launcher class every child runs (dist's; found on this process's classpath at run time). */
  static final String LAUNCHER = "io.switchboard.dist.Switchboard";
  /** The environment variable bin/switchboard passes its JVM options in, one per line. */
  private static final String LAUNCHER_OPTS = "SWITCHBOARD_JVM_OPTS";

  private final String name;
  private final Process process;
  private final Path log;
  private final CompletableFuture<String> firstLine = new CompletableFuture<>();

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread.ofVirtual().name(name + "-stdout").start(this::drainStdout);
  }

  static JavaProcess start(String name, Path logDir, List<String> jvmFlags, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LAUNCHER);
    command.addAll(args);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new JavaProcess(name, process, log);
  }

  /**
   * The launcher's options a broker process takes (a run's {@code switchboard kafka} gets them all): its
   * start-up cache and the flags the cache was recorded with, and the JDK's access permissions for Kafka.
   * The rest, G1 tuned for a coordinator's small heap, is left to the broker's own settings. Empty when
   * the bench was not started by the launcher.
   */
  static List<String> brokerFlags() {
    return brokerFlags(System.getenv(LAUNCHER_OPTS));
  }

  /** {@link #brokerFlags()} from the launcher's options, one per line (null: none). */
  static List<String> brokerFlags(String launcher) {
    return launcherFlags(launcher).stream().filter(flag -> flag.startsWith("-XX:AOTCache=")
        || flag.equals("-XX:+UnlockDiagnosticVMOptions") || flag.equals("-XX:-AOTAdapterCaching")
        || flag.equals("-XX:+UseCompactObjectHeaders") || flag.startsWith("--sun-misc-unsafe-memory-access=")
        || flag.startsWith("--enable-native-access=")).toList();
  }

  /** The launcher's options, given one per line (null or blank: none). */
  private static List<String> launcherFlags(String launcher) {
    return launcher == null ? List.of() : launcher.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /**
   * The JVM flags of a child: {@code -Xmx1g} and the options bin/switchboard gives its own JVM (it passes them
   * in {@code SWITCHBOARD_JVM_OPTS}, one per line, with its start-up cache if it has one); then, as the
   * launcher does, those in {@code JAVA_OPTS} (to try a flag on every process of a run).
   */
  static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>(List.of("-Xmx1g"));
    List<String> launcher = launcherFlags(System.getenv(LAUNCHER_OPTS));
    if (!launcher.isEmpty()) {
      flags.addAll(launcher);
    } else { // not started by the launcher (a test): its options without the cache
      flags.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:GCTimeRatio=4", "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30", "-XX:+UnlockExperimentalVMOptions", "-XX:G1ExpandByPercentOfAvailable=5",
          "-Xms64m"));
      if (Runtime.version().feature() >= 24) {
        flags.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
      }
      if (Runtime.version().feature() >= 25) {
        flags.add("-XX:+UseCompactObjectHeaders");
      }
    }
    String extra = System.getenv("JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.strip().split("\\s+")));
    }
    return flags;
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private void drainStdout() {
    try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      firstLine.complete(reader.readLine());
      while (reader.readLine() != null) {
        // keep the pipe empty
      }
    } catch (IOException e) {
      firstLine.completeExceptionally(e);
    }
  }

  /** The first stdout line (the URL or id it serves), waiting for the process to start. */
  String awaitFirstLine(Duration timeout) throws Exception {
    try {
      String line = firstLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new IllegalStateException(name + " exited (code " + exitCode() + ") without output; see " + log);
      }
      return line;
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not start within " + timeout + "; see " + log);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private String exitCode() {
    return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
  }

  /** The resident set size from /proc/PID/status, in kB. */
  long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid() + "/status");
  }

  /** SIGSTOP: the process stops running (and heartbeating) until {@link #resume()}. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int code = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
    if (code != 0) {
      throw new IOException("kill -" + signal + " " + pid() + " exited with " + code);
    }
  }

  /** SIGKILL, and wait until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM; SIGKILL if it has not stopped within {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(10));
  }
}
