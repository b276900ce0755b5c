package io.switchboard.coordinator.runner.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.RunnerConfig;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.WorkerInfo;
import io.switchboard.coordinator.runner.RunnerContext;
import io.switchboard.coordinator.runner.RunnerLoad;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code process} initializer's decisions, with real child processes (a {@code sleep} stands for the
 * worker; the test plays the heartbeats) and a clock the test moves.
 */
class ProcessRunnerTest {

  private static final RunnerLoad THREE_WAITING = new RunnerLoad(3, 0);

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<ProcessRunner> runners = new ArrayList<>();

  @AfterEach
  void stop() {
    runners.forEach(ProcessRunner::close);
  }

  @Test
  void shouldStartOneWorkerForWaitingTasksAndNotASecondForTheSameDemand() {
    ProcessRunner runner = runner("{\"idleMs\": 5000}");
    runner.reconcile(THREE_WAITING, List.of());
    assertThat(runner.pids()).hasSize(1);
    long pid = runner.pids().getFirst();
    assertThat(alive(pid)).isTrue();

    clock.advance(Duration.ofSeconds(1));
    runner.reconcile(THREE_WAITING, List.of()); // still starting: not live yet
    runner.reconcile(THREE_WAITING, live(runner.ids().getFirst(), 8));
    runner.reconcile(THREE_WAITING, live(runner.ids().getFirst(), 8));
    assertThat(runner.pids()).containsExactly(pid);
  }

  @Test
  void shouldStartNothingWhileLiveWorkersHaveTheCapacity() {
    ProcessRunner runner = runner("{}");
    runner.reconcile(THREE_WAITING, live("someone-else", 3));
    assertThat(runner.pids()).isEmpty();
    runner.reconcile(new RunnerLoad(1, 3), live("someone-else", 3));
    assertThat(runner.pids()).hasSize(1);
  }

  @Test
  void shouldScaleOneAtATimeUpToMaxWorkers() {
    ProcessRunner runner = runner("{\"maxWorkers\": 2, \"concurrency\": 1}");
    runner.reconcile(THREE_WAITING, List.of());
    runner.reconcile(THREE_WAITING, List.of());
    assertThat(runner.pids()).as("the first is not live yet").hasSize(1);
    runner.reconcile(THREE_WAITING, live(runner.ids().getFirst(), 1));
    assertThat(runner.pids()).hasSize(2);
    List<WorkerInfo> both = new ArrayList<>(live(runner.ids().get(0), 1));
    both.addAll(live(runner.ids().get(1), 1));
    runner.reconcile(THREE_WAITING, both);
    runner.reconcile(THREE_WAITING, both);
    assertThat(runner.pids()).as("maxWorkers").hasSize(2);
  }

  @Test
  void shouldReplaceAWorkerThatDiedWhileItsTaskIsStillRecordedRunning() throws Exception {
    RunnerLoad runningOnTheDead = new RunnerLoad(0, 1);
    ProcessRunner runner = runner("{}");
    runner.reconcile(THREE_WAITING, List.of());
    String id = runner.ids().getFirst();
    runner.reconcile(runningOnTheDead, live(id, 8));
    long first = runner.pids().getFirst();
    ProcessHandle handle = ProcessHandle.of(first).orElseThrow();
    handle.destroyForcibly();

    // its heartbeat still looks live for a while: it must not count
    reconcileUntilNone(runner, runningOnTheDead, live(id, 8));
    runner.reconcile(runningOnTheDead, live(id, 8));
    assertThat(runner.pids()).as("reaped, waiting out the backoff").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    runner.reconcile(runningOnTheDead, live(id, 8));
    assertThat(runner.pids()).hasSize(1).doesNotContain(first);
    assertThat(runner.ids().getFirst()).isNotEqualTo(id);
  }

  @Test
  void shouldStopItsWorkersOnceIdleForIdleMs() throws Exception {
    ProcessRunner runner = runner("{\"idleMs\": 5000}");
    runner.reconcile(THREE_WAITING, List.of());
    long pid = runner.pids().getFirst();
    runner.reconcile(RunnerLoad.IDLE, List.of());
    clock.advance(Duration.ofMillis(4999));
    runner.reconcile(RunnerLoad.IDLE, List.of());
    assertThat(alive(pid)).as("not idle long enough").isTrue();
    runner.reconcile(new RunnerLoad(0, 1), List.of()); // a task ran: the idle time starts again
    clock.advance(Duration.ofMillis(4999));
    runner.reconcile(RunnerLoad.IDLE, List.of());
    clock.advance(Duration.ofMillis(4999));
    runner.reconcile(RunnerLoad.IDLE, List.of());
    assertThat(alive(pid)).isTrue();
    clock.advance(Duration.ofMillis(2));
    runner.reconcile(RunnerLoad.IDLE, List.of());
    reconcileUntilNone(runner, RunnerLoad.IDLE, List.of());
    assertThat(alive(pid)).isFalse();
  }

  @Test
  void shouldKillAWorkerThatNeverShowsUpAndStartAnother() throws Exception {
    ProcessRunner runner = runner("{\"startTimeoutMs\": 10000}");
    runner.reconcile(THREE_WAITING, List.of());
    long pid = runner.pids().getFirst();
    clock.advance(Duration.ofMillis(10_001));
    reconcileUntilNone(runner, THREE_WAITING, List.of());
    clock.advance(Duration.ofSeconds(2));
    runner.reconcile(THREE_WAITING, List.of());
    assertThat(runner.pids()).hasSize(1).doesNotContain(pid);
  }

  @Test
  void shouldStopEveryWorkerOnClose() {
    ProcessRunner runner = runner("{\"maxWorkers\": 2, \"concurrency\": 1, \"stopGraceMs\": 1000}");
    runner.reconcile(THREE_WAITING, List.of());
    runner.reconcile(THREE_WAITING, live(runner.ids().getFirst(), 1));
    List<Long> pids = runner.pids();
    assertThat(pids).hasSize(2);
    runner.close();
    assertThat(pids).noneMatch(ProcessRunnerTest::alive);
  }

  private ProcessRunner runner(String json) {
    ObjectNode config;
    try {
      config = (ObjectNode) Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // sh -c 'exec sleep 600' sh worker --bootstrap ...: the worker's flags land in $1.. and are ignored
    config.set("command", Json.mapper().valueToTree(List.of("sh", "-c", "exec sleep 600", "sh")));
    RunnerConfig runnerConfig = new RunnerConfig("spare", "process", config);
    RunnerContext context = new RunnerContext(
        new KafkaSettings("127.0.0.1:9", "test", Optional.empty(), Optional.empty()),
        () -> URI.create("http://127.0.0.1:1"), dir, clock);
    ProcessRunner runner = new ProcessRunner("spare", ProcessSettings.parse(runnerConfig, dir), context);
    runners.add(runner);
    return runner;
  }

  /** Reconciles (the clock standing still) until the runner has reaped every worker it stopped or lost. */
  private static void reconcileUntilNone(ProcessRunner runner, RunnerLoad load, List<WorkerInfo> live)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!runner.pids().isEmpty()) {
      assertThat(System.nanoTime()).as("workers still there: %s", runner.pids()).isLessThan(end);
      runner.reconcile(load, live);
      Thread.sleep(20);
    }
  }

  private List<WorkerInfo> live(String id, int capacity) {
    return List.of(new WorkerInfo(id, "spare", List.of(), 0, capacity, clock.instant(), "localhost", clock.instant()));
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
