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

  private Launched(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread.ofVirtual().start(() -> {
      try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line = reader.readLine();
        firstLine.complete(line);
        while (reader.readLine() != null) {
          // drain
        }
      } catch (IOException e) {
        firstLine.completeExceptionally(e);
      }
    });
  }

  static Launched start(Path dir, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Switchboard.class.getName()));
    command.addAll(List.of(args));
    Files.createDirectories(dir);
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new Launched(process, log);
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
