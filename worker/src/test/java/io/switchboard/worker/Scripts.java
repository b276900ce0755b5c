package io.switchboard.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Shell scripts for command agents, and what tests check about the processes they start. */
final class Scripts {

  private Scripts() {}

  static Path write(Path dir, String name, String body) {
    try {
      Path script = dir.resolve(name);
      Files.writeString(script, "#!/bin/sh\n" + body);
      return script;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pids written one per line to {@code file}, once there are {@code count}. */
  static List<Long> awaitPids(Path file, int count, Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      List<Long> pids = readPids(file);
      if (pids.size() >= count) {
        return pids;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("fewer than " + count + " pids in " + file + " after " + timeout);
  }

  private static List<Long> readPids(Path file) {
    try {
      return Files.exists(file)
          ? Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::valueOf).toList()
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Whether {@code pid} runs: alive and not a zombie (a killed orphan may wait to be reaped). */
  static boolean running(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return !Files.isDirectory(Path.of("/proc")); // no /proc: trust ProcessHandle
    }
  }

  /** Waits until none of {@code pids} runs; returns those still running at the timeout. */
  static List<Long> awaitGone(List<Long> pids, Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    List<Long> alive = pids.stream().filter(Scripts::running).toList();
    while (!alive.isEmpty() && Instant.now().isBefore(end)) {
      Thread.sleep(50);
      alive = pids.stream().filter(Scripts::running).toList();
    }
    return alive;
  }

  /** Kills what a failed test left behind. */
  static void killAll(List<Long> pids) {
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }
}
