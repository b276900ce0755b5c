package io.switchboard.devkit;

import io.switchboard.common.config.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker in a separate JVM ({@link BrokerMain} on this process's classpath), so a test can
 * SIGKILL it and start it again on the same port and data directory.
 */
public final class ChildProcessBroker implements KafkaBroker {

  private static final long STOP_GRACE_SECONDS = 30;

  private final BrokerConfig config;
  private final Path logFile;
  private final List<String> jvmFlags;
  private Process process;

  private ChildProcessBroker(BrokerConfig config, Path logFile, List<String> jvmFlags) {
    this.config = config;
    this.logFile = logFile;
    this.jvmFlags = List.copyOf(jvmFlags);
  }

  /**
   * Starts a broker process and waits until it serves. A port of 0 is fixed now, so that a restart
   * keeps the address clients know.
   */
  public static ChildProcessBroker start(BrokerConfig config) {
    return start(config, List.of());
  }

  /**
   * {@link #start(BrokerConfig)} with more JVM flags after the broker's own (a start-up cache, as the
   * launcher gives every process it starts).
   */
  public static ChildProcessBroker start(BrokerConfig config, List<String> jvmFlags) {
    int port = config.port() == 0 ? FreePorts.pick(config.host()) : config.port();
    BrokerConfig fixed = new BrokerConfig(config.host(), port, config.dataDir(), config.minLockDuration());
    Path logFile = fixed.dataDir().toAbsolutePath().resolveSibling(fixed.dataDir().getFileName() + ".log");
    ChildProcessBroker broker = new ChildProcessBroker(fixed, logFile, jvmFlags);
    broker.startProcess();
    return broker;
  }

  private void startProcess() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xms256m");
    command.add("-Xmx1g");
    command.add("-XX:+UseG1GC");
    command.addAll(jvmFlags);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BrokerMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(BrokerConfig.HOST.env(), config.host());
    builder.environment().put(BrokerConfig.PORT.env(), Integer.toString(config.port()));
    builder.environment().put(BrokerConfig.DATA_DIR.env(), config.dataDir().toAbsolutePath().toString());
    builder.environment().put(BrokerConfig.MIN_LOCK.env(), Long.toString(config.minLockDuration().toMillis()));
    builder.environment().put(BrokerMain.PROVISION_ENV, "false");
    builder.redirectErrorStream(true);
    try {
      Files.createDirectories(logFile.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start broker process", e);
    }
    try {
      BrokerReadiness.await(config.host(), config.port(), InJvmBroker.START_TIMEOUT);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IllegalStateException(e.getMessage() + " (broker log: " + logFile + ")", e);
    }
  }

  @Override
  public String bootstrap() {
    return config.host() + ":" + config.port();
  }

  /** The broker process's id, for tests that signal it. */
  public long pid() {
    return process.pid();
  }

  /** SIGKILL: the broker dies with no chance to flush or close. */
  public void kill() {
    process.destroyForcibly();
    waitFor(STOP_GRACE_SECONDS);
  }

  /** Starts the broker again on the same port and data directory. */
  public void restart() {
    if (process.isAlive()) {
      close();
    }
    startProcess();
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(STOP_GRACE_SECONDS)) {
      process.destroyForcibly();
      waitFor(STOP_GRACE_SECONDS);
    }
  }

  private boolean waitFor(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
