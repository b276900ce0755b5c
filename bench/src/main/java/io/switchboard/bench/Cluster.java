package io.switchboard.bench;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.devkit.ChildProcessBroker;
import io.switchboard.devkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The system under test, deployed as a user deploys it: an embedded broker, a coordinator and a worker,
 * each its own OS process, all on a fresh topic prefix. The coordinator can be killed, stopped and
 * restarted on the same port and state directory.
 */
final class Cluster implements AutoCloseable {

  static final String ECHO = "echo";
  static final String SLOW_ECHO = "echo-slow";
  /**
   * How often {@link #awaitReady} asks {@code /readyz}: R1 and R2 are read to within this. Every 5 ms
   * (before round 16) the bench spent 0.69 s of CPU over a 4.3 s restart on two cores (0.26 s at 25 ms),
   * and the restarting coordinator answered 200 requests a second: CPU the restart it measured went short of.
   */
  private static final long READY_POLL_MS = 25;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** The processes {@code bench --jvm-option} may give a flag of their own. */
  static final List<String> TUNABLE_PROCESSES = List.of("coordinator", "worker");

  private final Path dir;
  private final String topicPrefix;
  private final Consumer<String> progress;
  private final Path jfrDir;
  private final Map<String, List<String>> processFlags;
  private int started;
  private ChildProcessBroker broker;
  private JavaProcess coordinator;
  private JavaProcess worker;
  private int port;
  private BenchApi api;

  private Cluster(Path dir, String topicPrefix, Path jfrDir, Map<String, List<String>> processFlags,
      Consumer<String> progress) {
    this.dir = dir;
    this.topicPrefix = topicPrefix;
    this.jfrDir = jfrDir;
    this.processFlags = Map.copyOf(processFlags);
    this.progress = progress;
  }

  /**
   * Starts broker, coordinator and worker, and waits until the coordinator sees the worker. With a
   * {@code jfrDir}, coordinator and worker each write a flight recording there (one file per process);
   * {@code processFlags} are JVM flags for one of them only ({@link #TUNABLE_PROCESSES}), after the others.
   */
  static Cluster start(Path dir, String topicPrefix, int concurrency, long slowDelayMs, Path jfrDir,
      Map<String, List<String>> processFlags, Consumer<String> progress) throws Exception {
    Cluster cluster = new Cluster(dir, topicPrefix, jfrDir, processFlags, progress);
    try {
      cluster.startAll(concurrency, slowDelayMs);
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(int concurrency, long slowDelayMs) throws Exception {
    long t0 = System.nanoTime();
    // from the start-up cache too, as the launcher starts `switchboard kafka`: its classes, and the profiles a
    // training run left, so its JIT settles sooner (docs/performance.md, round 18)
    broker = ChildProcessBroker.start(new BrokerConfig("127.0.0.1", 0, dir.resolve("kafka"), Duration.ofSeconds(1)),
        JavaProcess.brokerFlags());
    progress.accept("broker pid " + broker.pid() + " on " + broker.bootstrap() + " (" + Elapsed.since(t0) + ")");
    Files.writeString(agentsFile(), Bodies.agents(slowDelayMs));
    port = FreePorts.pick("127.0.0.1");
    api = new BenchApi(URI.create("http://127.0.0.1:" + port));
    startCoordinator().awaitFirstLine(START_TIMEOUT);
    progress.accept("coordinator pid " + coordinator.pid() + " on " + api.base() + " (" + Elapsed.since(t0) + ")");
    worker = JavaProcess.start("worker", dir, flags("worker"), List.of("worker",
        "--bootstrap", broker.bootstrap(), "--topic-prefix", topicPrefix,
        "--concurrency", Integer.toString(concurrency), "--coordinator-url", api.base().toString()));
    worker.awaitFirstLine(START_TIMEOUT);
    awaitWorkerSeen();
    progress.accept("worker pid " + worker.pid() + ", concurrency " + concurrency + " (" + Elapsed.since(t0) + ")");
  }

  /** Starts a coordinator process on the fixed port and state directory; does not wait for it. */
  JavaProcess startCoordinator() throws IOException {
    coordinator = JavaProcess.start("coordinator", dir, flags("coordinator"), List.of("coordinator",
        "--bootstrap", broker.bootstrap(), "--topic-prefix", topicPrefix, "--port", Integer.toString(port),
        "--state-dir", stateDir().toString(), "--agents", agentsFile().toString()));
    return coordinator;
  }

  /**
   * A child's JVM flags: bin/switchboard's, its own ({@code --jvm-option}), and a flight recording when asked
   * for (then without the AOT cache).
   */
  private List<String> flags(String name) throws IOException {
    List<String> flags = new java.util.ArrayList<>(JavaProcess.jvmFlags());
    flags.addAll(processFlags.getOrDefault(name, List.of()));
    if (jfrDir != null) {
      Files.createDirectories(jfrDir);
      Path file = jfrDir.resolve(name + "-" + (++started) + ".jfr").toAbsolutePath();
      flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file);
      flags.add("-Xlog:jfr+startup=error:stderr"); // its "Started recording" line would take stdout's first line
      // a JVM with the jdk.jfr module cannot map a start-up cache recorded without it: go without
      flags.removeIf(flag -> flag.startsWith("-XX:AOTCache="));
    }
    return flags;
  }

  private void awaitWorkerSeen() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (api.liveWorkers() < 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the coordinator saw no live worker within " + START_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  /** Polls {@code /readyz} until 200; the nanoTime it first answered 200. */
  long awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (api.readyz() != 200) {
      if (!coordinator.isAlive()) {
        throw new IllegalStateException("the coordinator exited; see " + coordinator.log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the coordinator was not ready within " + timeout);
      }
      Thread.sleep(READY_POLL_MS);
    }
    return System.nanoTime();
  }

  /** Brings a coordinator back if an earlier phase left none serving, so later phases can run. */
  void ensureCoordinator() throws Exception {
    if (coordinator.isAlive() && api.readyz() == 200) {
      return;
    }
    progress.accept("coordinator not serving; restarting it");
    coordinator.kill();
    startCoordinator();
    awaitReady(START_TIMEOUT);
  }

  String bootstrap() {
    return broker.bootstrap();
  }

  String topicPrefix() {
    return topicPrefix;
  }

  BenchApi api() {
    return api;
  }

  /** The cluster's processes by name (broker, coordinator, worker): their pids now. */
  java.util.Map<String, Long> pids() {
    var pids = new java.util.LinkedHashMap<String, Long>();
    pids.put("broker", broker.pid());
    pids.put("coordinator", coordinator.pid());
    pids.put("worker", worker.pid());
    return pids;
  }

  JavaProcess coordinator() {
    return coordinator;
  }

  JavaProcess worker() {
    return worker;
  }

  Path stateDir() {
    return dir.resolve("coordinator-state");
  }

  private Path agentsFile() {
    return dir.resolve("agents.json");
  }

  @Override
  public void close() throws Exception {
    if (worker != null && worker.isAlive()) {
      worker.resume();
      worker.stop(Duration.ofSeconds(10));
    }
    if (coordinator != null) {
      coordinator.stop(Duration.ofSeconds(10));
    }
    if (broker != null) {
      broker.close();
    }
    if (api != null) {
      api.close();
    }
  }
}
