package io.switchboard.bench;

import io.switchboard.common.topic.Topics;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * M1: the resident memory of a coordinator, restarted on its state, with many tasks in flight. The worker is
 * paused (SIGSTOP), so every task stays dispatched and unfinished while the coordinator holds them; it
 * resumes afterwards.
 */
final class MemoryInFlight {

  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern STORE_BYTES =
      Pattern.compile("(?m)^switchboard_store_native_bytes\\{part=\"(\\w+)\"[^}]*}\\s+(\\S+)$");

  private final Cluster cluster;
  private final Consumer<String> progress;

  MemoryInFlight(Cluster cluster, Consumer<String> progress) {
    this.cluster = cluster;
    this.progress = progress;
  }

  /** RSS in MB once {@code invocations} x {@code targetsEach} detached tasks are accepted and dispatched. */
  double rssMb(int invocations, int targetsEach) throws Exception {
    // what the process holds after R2's rebuild (malloc arenas, the committed heap of the rebuild's peak) is
    // R2's cost, not that of tasks in flight: M1 starts from a coordinator restarted on its state, as after
    // any restart
    progress.accept("M1 coordinator RSS before: " + cluster.coordinator().rssKb() / 1024 + " MB; restarting it");
    cluster.coordinator().stop(RESTART_TIMEOUT);
    cluster.startCoordinator();
    cluster.awaitReady(RESTART_TIMEOUT);
    JavaProcess coordinator = cluster.coordinator();
    progress.accept("M1 coordinator RSS after its restart: " + coordinator.rssKb() / 1024 + " MB");
    String tasksTopic = new Topics(cluster.topicPrefix()).tasks(Topics.DEFAULT_RUNNER);
    cluster.worker().pause();
    try (TopicCounts counts = new TopicCounts(cluster.bootstrap())) {
      long dispatchedBefore = counts.records(tasksTopic);
      long t0 = System.nanoTime();
      for (int i = 0; i < invocations; i++) {
        BenchApi.Answer answer = cluster.api().submit(
            Bodies.invocation(Cluster.ECHO, "detached", targetsEach, i * targetsEach), 0);
        if (answer.status() != 202) {
          throw new IllegalStateException("M1 submit " + i + ": HTTP " + answer.status() + " " + answer.abbreviated());
        }
      }
      long total = (long) invocations * targetsEach;
      long dispatched;
      while ((dispatched = counts.records(tasksTopic) - dispatchedBefore) < total) {
        if (Elapsed.secondsSince(t0) > 180) {
          throw new IllegalStateException("M1: only " + dispatched + " of " + total + " tasks dispatched after 180 s");
        }
        Thread.sleep(100);
      }
      progress.accept("M1 " + total + " tasks accepted and dispatched, worker paused (" + Elapsed.since(t0) + ")");
      double rssMb = coordinator.rssKb() / 1024.0;
      progress.accept("M1 for context, not a figure: RocksDB " + storeMemory(cluster.api().metrics()));
      progress.accept("M1 for context, not a figure: " + JvmHeap.liveAfterFullGc(coordinator));
      return rssMb;
    } finally {
      cluster.worker().resume();
    }
  }

  /** "cache N MB, memtables N MB, table_readers N MB" from the coordinator's {@code /metrics} text. */
  static String storeMemory(String metrics) {
    Matcher m = STORE_BYTES.matcher(metrics);
    StringJoiner parts = new StringJoiner(", ");
    while (m.find()) {
      parts.add(m.group(1) + " " + Math.round(Double.parseDouble(m.group(2)) / (1 << 20)) + " MB");
    }
    return parts.length() == 0 ? "memory unknown" : parts.toString();
  }
}
