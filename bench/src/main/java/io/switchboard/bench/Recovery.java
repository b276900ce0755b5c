package io.switchboard.bench;

import io.switchboard.common.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** R1 and R2: how fast a coordinator comes back, after a crash and from nothing but the topics. */
final class Recovery {

  /**
   * R1's figures: from the restart to {@code /readyz} 200 and to the join's answer, and the CPU the restart
   * took ({@code readyCpu}).
   */
  record CrashFigures(double readyMs, double joinMs, RestartCpu readyCpu) {}

  /**
   * R2's figures: from the start on an empty state directory to ready, the results it read, and the CPU
   * the rebuild took.
   */
  record RebuildFigures(double readyMs, long results, RestartCpu readyCpu) {}

  /**
   * The CPU a coordinator's start took until it was ready, and the part of it its JIT compilers took; and the
   * CPU the other processes spent meanwhile (broker, worker, the bench itself), by name. On a box with two
   * cores a start is CPU-bound: its time to ready is about {@code coordinatorMs} over the share of the cores
   * the others left it, and this tells a slow start from a busy box.
   */
  record RestartCpu(double coordinatorMs, double coordinatorJitMs, Map<String, Double> othersMs) {

    static RestartCpu of(long coordinatorPid, CpuUse others) {
      return new RestartCpu(CpuUse.cpu(coordinatorPid).toNanos() / 1e6,
          CompilerCpu.of(coordinatorPid).toNanos() / 1e6, others.millis());
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final Cluster cluster;
  private final Consumer<String> progress;

  Recovery(Cluster cluster, Consumer<String> progress) {
    this.cluster = cluster;
    this.progress = progress;
  }

  /**
   * R1: an {@code all} join of {@code targets} slow echo targets ({@code waitMs=0}); once a fifth of them
   * have results, SIGKILL the coordinator and start it again on the same port and state directory.
   */
  CrashFigures crash(int targets) throws Exception {
    String results = new Topics(cluster.topicPrefix()).results();
    try (TopicCounts counts = new TopicCounts(cluster.bootstrap())) {
      long before = counts.records(results);
      BenchApi.Answer submitted = cluster.api().submit(Bodies.invocation(Cluster.SLOW_ECHO, "all", targets, 0), 0);
      if (submitted.status() != 202 || submitted.invocationId() == null) {
        throw new IllegalStateException("R1 submit: HTTP " + submitted.status() + " " + submitted.abbreviated());
      }
      long t0 = System.nanoTime();
      long fifth = before + targets / 5;
      long done;
      while ((done = counts.records(results)) < fifth) {
        if (Elapsed.secondsSince(t0) > 120) {
          throw new IllegalStateException("R1: only " + (done - before) + " results after 120 s");
        }
        Thread.sleep(20);
      }
      cluster.coordinator().kill();
      progress.accept("R1 SIGKILLed the coordinator with " + (done - before) + "/" + targets + " results written");
      CpuUse others = othersCpu();
      long restart = System.nanoTime();
      cluster.startCoordinator();
      double readyMs = (cluster.awaitReady(READY_TIMEOUT) - restart) / 1_000_000.0;
      RestartCpu readyCpu = RestartCpu.of(cluster.coordinator().pid(), others);
      BenchApi.Answer answer = cluster.api().awaitFinished(submitted.invocationId(), Duration.ofMinutes(5));
      double joinMs = Elapsed.millisSince(restart);
      answer.requireSucceeded("R1 join after the restart");
      int outcomes = answer.body().path("outcomes").size();
      if (outcomes != targets) {
        throw new IllegalStateException("R1: " + outcomes + " outcomes for " + targets + " targets");
      }
      return new CrashFigures(readyMs, joinMs, readyCpu);
    }
  }

  /** R2: stop the coordinator, delete its state directory, start it: the time until it is ready. */
  RebuildFigures rebuild() throws Exception {
    cluster.coordinator().stop(Duration.ofSeconds(30));
    deleteTree(cluster.stateDir());
    long results;
    try (TopicCounts counts = new TopicCounts(cluster.bootstrap())) {
      results = counts.records(new Topics(cluster.topicPrefix()).results());
    }
    progress.accept("R2 state directory deleted; rebuilding from " + results + " results");
    CpuUse others = othersCpu();
    long start = System.nanoTime();
    cluster.startCoordinator();
    double readyMs = (cluster.awaitReady(READY_TIMEOUT) - start) / 1_000_000.0;
    return new RebuildFigures(readyMs, results, RestartCpu.of(cluster.coordinator().pid(), others));
  }

  /** Starts measuring the processes that share the box with a restarting coordinator. */
  private CpuUse othersCpu() {
    Map<String, Long> others = new LinkedHashMap<>(cluster.pids());
    others.remove("coordinator");
    others.put("bench", ProcessHandle.current().pid());
    return CpuUse.start(others);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
