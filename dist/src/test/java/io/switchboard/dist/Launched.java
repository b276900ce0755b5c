package io.switchboard.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard <command>} as a separate OS process on this test's classpath, as a user runs it:
 * its first stdout line is what it serves; stderr goes to a log file beside the test's data.
 */
final class Launched implements AutoCloseable {

  private final Process process;
  private final CompletableFuture<String> firstLine = new CompletableFuture<>();
  private final Path log;
  private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  private Launched(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread.ofVirtual().start(() -> {
      try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line = reader.readLine();
        if (line != null) {
          lines.add(line);
        }
        firstLine.complete(line);
        String next;
        while ((next = reader.readLine()) != null) {
          lines.add(next);
        }
        drained.complete(null);
      } catch (IOException e) {
        firstLine.completeExceptionally(e);
        drained.complete(null);
      }
    });
  }

  static Launched start(Path dir, String name, String... args) throws IOException {
    return startMain(dir, name, Switchboard.class, args);
  }

  /** {@code mainClass} of this test's classpath as a separate OS process (e.g. a program using the SDK). */
  static Launched startMain(Path dir, String name, Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(javaCommand(mainClass));
    command.addAll(List.of(args));
    Files.createDirectories(dir);
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new Launched(process, log);
  }

  /** The command line that runs {@code mainClass} on this test's classpath, in a small JVM. */
  static List<String> javaCommand(Class<?> mainClass) {
    return List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), mainClass.getName());
  }

  /** The first line the process printed (its URL or id), waiting for it to start. */
  String awaitFirstLine() throws Exception {
    try {
      String line = firstLine.get(90, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("process exited without output; log: " + Files.readString(log));
      }
      return line;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("process did not start; log: " + Files.readString(log));
    }
  }

  /** Every stdout line read so far (all of them once the process exited and its output was drained). */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The log file (stderr). */
  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to exit by itself; its exit code, or throws if it did not within the timeout. */
  int awaitExit(java.time.Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process still running after " + timeout + "; log: " + Files.readString(log));
    }
    drained.get(10, TimeUnit.SECONDS); // every line it printed was read
    return process.exitValue();
  }

  /** Copies the process logs under {@code from} to {@code target/process-logs/<name>}, to read after the run. */
  static void keepLogs(Path from, String name) {
    Path to = Path.of("target", "process-logs", name);
    try (var files = Files.list(from)) {
      Files.createDirectories(to);
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.out.println("logs not kept: " + e);
    }
  }

  /** SIGSTOP: the process freezes (its connections stay open) until {@link #resume()}. */
  void freeze() throws Exception {
    signal("-STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String signal) throws Exception {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
    }
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait; the exit code, or -1 if it did not stop in time. */
  int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
