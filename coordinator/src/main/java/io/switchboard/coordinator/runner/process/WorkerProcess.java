package io.switchboard.coordinator.runner.process;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** One worker process a {@link ProcessRunner} started, and what the runner knows of it. */
final class WorkerProcess {

  private final String id;
  private final Process process;
  private final Instant startedAt;
  private boolean seenLive;
  private Instant killAt;

  WorkerProcess(String id, Process process, Instant startedAt) {
    this.id = id;
    this.process = process;
    this.startedAt = startedAt;
  }

  String id() {
    return id;
  }

  long pid() {
    return process.pid();
  }

  Instant startedAt() {
    return startedAt;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  /** It announced itself in a heartbeat: it serves the runner. */
  boolean seenLive() {
    return seenLive;
  }

  void markSeenLive() {
    seenLive = true;
  }

  /** A stop was asked (SIGTERM sent); it is killed if still alive at {@link #killAt}. */
  boolean stopping() {
    return killAt != null;
  }

  Instant killAt() {
    return killAt;
  }

  /** SIGTERM: the worker hands back its tasks and exits; SIGKILL follows at {@code deadline}. */
  void stop(Instant deadline) {
    if (killAt == null) {
      killAt = deadline;
      process.destroy();
    }
  }

  /** SIGKILL, to it and everything it started. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (killAt == null) {
      killAt = Instant.MIN;
    }
  }

  /** Waits up to {@code millis} for it to exit; whether it did. */
  boolean awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }
}
