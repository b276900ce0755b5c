package io.switchboard.coordinator.runner.process;

import io.switchboard.common.model.WorkerInfo;
import io.switchboard.coordinator.runner.RunnerContext;
import io.switchboard.coordinator.runner.RunnerInitializer;
import io.switchboard.coordinator.runner.RunnerLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} initializer: starts worker processes on this machine when the runner has tasks
 * (waiting, or running on a worker that may have died) and the workers serving it lack capacity, one at a
 * time (a started worker must show up in a heartbeat before the next starts), up to {@code maxWorkers};
 * replaces one that died while demand remains (with a backoff when they keep dying); stops them all
 * (SIGTERM, then SIGKILL after the grace) once the runner was idle for {@code idleMs}, and when the
 * coordinator stops. A worker it started watches this coordinator's
 * pid and stops by itself if the coordinator dies (see docs/runners.md).
 */
final class ProcessRunner implements RunnerInitializer {

  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  private static final Duration KILL_AFTER_GRACE = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String runner;
  private final ProcessSettings settings;
  private final RunnerContext context;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private int started;
  private int failuresInARow;
  private Instant nextStartAllowed = Instant.MIN;
  private Instant idleSince;

  ProcessRunner(String runner, ProcessSettings settings, RunnerContext context) {
    this.runner = runner;
    this.settings = settings;
    this.context = context;
  }

  @Override
  public String runner() {
    return runner;
  }

  @Override
  public void reconcile(RunnerLoad load, List<WorkerInfo> live) {
    Instant now = context.clock().instant();
    Set<String> liveIds = live.stream().map(WorkerInfo::id).collect(Collectors.toSet());
    reap(now, liveIds);
    if (load.idle()) {
      idleSince = idleSince == null ? now : idleSince;
      if (!Duration.between(idleSince, now).minus(settings.idle()).isNegative()) {
        stopAll(now, "idle for " + Duration.between(idleSince, now).toMillis() + " ms");
      }
      return;
    }
    idleSince = null;
    if (shouldStart(load, live, now)) {
      start(now);
    }
  }

  /** Forgets the exited, notices the ones now live, kills the stuck. */
  private void reap(Instant now, Set<String> liveIds) {
    for (var it = workers.iterator(); it.hasNext(); ) {
      WorkerProcess worker = it.next();
      if (!worker.isAlive()) {
        it.remove();
        if (worker.stopping()) {
          log.info("runner '{}': worker {} (pid {}) stopped", runner, worker.id(), worker.pid());
        } else {
          failed(now, "worker " + worker.id() + " (pid " + worker.pid() + ") exited with " + worker.exitCode());
        }
        continue;
      }
      if (worker.stopping()) {
        if (now.isAfter(worker.killAt())) {
          log.warn("runner '{}': worker {} (pid {}) did not stop in time: SIGKILL", runner, worker.id(), worker.pid());
          worker.kill();
        }
      } else if (!worker.seenLive() && liveIds.contains(worker.id())) {
        worker.markSeenLive();
        failuresInARow = 0;
        log.info("runner '{}': worker {} is live after {} ms", runner, worker.id(),
            Duration.between(worker.startedAt(), now).toMillis());
      } else if (!worker.seenLive()
          && Duration.between(worker.startedAt(), now).compareTo(settings.startTimeout()) > 0) {
        worker.kill();
        failed(now, "worker " + worker.id() + " (pid " + worker.pid() + ") sent no heartbeat within "
            + settings.startTimeout().toMillis() + " ms; killed");
      }
    }
  }

  /** Every worker this runner starts has an id beginning so: {@code <runner>-p<coordinator pid>-}. */
  private String idPrefix() {
    return runner + "-p" + ProcessHandle.current().pid() + "-";
  }

  private void failed(Instant now, String what) {
    failuresInARow++;
    Duration backoff = Duration.ofSeconds(1L << Math.min(failuresInARow - 1, 5));
    backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    nextStartAllowed = now.plus(backoff);
    log.warn("runner '{}': {}; the next worker may start in {} ms (log: {})", runner, what, backoff.toMillis(),
        settings.logDir());
  }

  /**
   * Whether to start one more: none of ours is still starting, fewer than {@code maxWorkers} run, and the
   * capacity serving the runner (other live workers, plus ours) is below its waiting and running tasks.
   */
  private boolean shouldStart(RunnerLoad load, List<WorkerInfo> live, Instant now) {
    if (now.isBefore(nextStartAllowed)) {
      return false;
    }
    List<WorkerProcess> active = workers.stream().filter(w -> !w.stopping()).toList();
    if (active.size() >= settings.maxWorkers() || active.stream().anyMatch(w -> !w.seenLive())) {
      return false;
    }
    // a worker of ours that died may still look live until its heartbeat expires: never count it
    long capacity = live.stream().filter(w -> !w.id().startsWith(idPrefix())).mapToLong(WorkerInfo::capacity).sum()
        + (long) active.size() * settings.concurrency();
    return capacity < load.total();
  }

  private void start(Instant now) {
    String id = idPrefix() + (++started);
    WorkerCommandLine line = WorkerCommandLine.of(settings, runner, id, context.kafka(),
        context.coordinatorUrl().get(), System.getenv());
    try {
      Files.createDirectories(settings.logDir());
      Path logFile = settings.logDir().resolve(id + ".log");
      ProcessBuilder builder = new ProcessBuilder(line.command()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(line.environment());
      Process process = builder.start();
      workers.add(new WorkerProcess(id, process, now));
      log.info("runner '{}': started worker {} (pid {}), log {}", runner, id, process.pid(), logFile);
    } catch (IOException e) {
      failed(now, "cannot start a worker (" + String.join(" ", line.command().subList(0, 1)) + "): " + e.getMessage());
    }
  }

  private void stopAll(Instant now, String why) {
    List<WorkerProcess> running = workers.stream().filter(w -> !w.stopping()).toList();
    if (running.isEmpty()) {
      return;
    }
    log.info("runner '{}': {}; stopping {} worker(s)", runner, why, running.size());
    running.forEach(w -> w.stop(now.plus(settings.stopGrace()).plus(KILL_AFTER_GRACE)));
  }

  @Override
  public void close() {
    List<WorkerProcess> all = List.copyOf(workers);
    if (all.isEmpty()) {
      return;
    }
    log.info("runner '{}': coordinator stopping; stopping {} worker(s)", runner, all.size());
    all.forEach(w -> w.stop(Instant.MAX));
    long deadline = System.nanoTime() + settings.stopGrace().plus(KILL_AFTER_GRACE).toNanos();
    for (WorkerProcess worker : all) {
      try {
        if (!worker.awaitExit(Math.max(0, (deadline - System.nanoTime()) / 1_000_000))) {
          log.warn("runner '{}': worker {} did not stop in time: SIGKILL", runner, worker.id());
          worker.kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        worker.kill();
      }
    }
    workers.clear();
  }

  /** The pids of the workers it runs now (for tests and logs). */
  List<Long> pids() {
    return workers.stream().map(WorkerProcess::pid).toList();
  }

  /** The ids of the workers it runs now. */
  List<String> ids() {
    return workers.stream().map(WorkerProcess::id).toList();
  }
}
