package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the lifecycle tests share: a coordinator and worker processes started per test on a fresh topic
 * prefix, the HTTP API, agent scripts, polling waits, and a teardown that also kills agents left behind by
 * workers the test SIGKILLed.
 */
@ExtendWith(KafkaExtension.class)
abstract class LifecycleProcesses {

  static final String WORKER_MAIN = Switchboard.class.getName();

  final List<Launched> processes = new CopyOnWriteArrayList<>();
  /** Agent pid files: whatever they name is killed after the test (agents of SIGKILLed workers outlive them). */
  final List<Path> pidFiles = new CopyOnWriteArrayList<>();
  Path dir;
  String[] common;
  String url;
  Api api;

  @AfterEach
  void stop(TestInfo test) throws Exception {
    for (Launched p : new ArrayList<>(processes).reversed()) {
      p.close();
    }
    for (Path file : pidFiles) {
      List<Path> files = List.of(file);
      if (Files.isDirectory(file)) {
        try (Stream<Path> listed = Files.list(file)) {
          files = listed.toList();
        }
      }
      for (long pid : files.stream().flatMap(f -> pidsIn(f).stream()).toList()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".ledger")).toList()) {
          Files.copy(f, dir.resolve("logs").resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName() + "-"
          + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
    }
  }

  // ---- 1. a tree spawned by the agents, cancelled from its root ----


  void startCoordinator(TestKafka kafka, Path tempDir, String... flags) throws Exception {
    dir = tempDir;
    Topics topics = kafka.freshTopics();
    common = new String[] {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    List<String> args = new ArrayList<>(List.of("coordinator"));
    args.addAll(List.of(common));
    args.addAll(List.of("--port", "0", "--state-dir", dir.resolve("state").toString()));
    args.addAll(List.of(flags));
    Launched coordinator = Launched.start(dir.resolve("logs"), "coordinator", args.toArray(String[]::new));
    processes.add(coordinator);
    url = coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip();
    api = Api.at(url);
  }

  /** A worker process on the default runner that knows the coordinator (for sub-invocations). */
  Launched worker(String id, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("worker"));
    args.addAll(List.of(common));
    args.addAll(List.of("--worker-id", id, "--coordinator-url", url));
    if (!List.of(flags).contains("--grace-ms")) {
      args.addAll(List.of("--grace-ms", "2000")); // a quick teardown
    }
    args.addAll(List.of(flags));
    Launched worker = Launched.start(dir.resolve("logs"), id, args.toArray(String[]::new));
    processes.add(worker);
    return worker;
  }

  /** kill(1) with {@code signal} to {@code process}, e.g. -STOP / -CONT. */
  static void signal(Launched process, String signal) throws Exception {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    assertThat(exit).as("kill %s %d", signal, process.pid()).isZero();
  }

  Path script(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  // ---- the API ----

  JsonNode task(String key) throws Exception {
    return api.call("GET", "/v1/tasks/" + key, null, 200);
  }

  JsonNode childrenOf(String key) throws Exception {
    return api.call("GET", "/v1/tasks?parent=" + URLEncoder.encode(key, StandardCharsets.UTF_8), null, 200)
        .path("tasks");
  }

  static List<String> keysOf(JsonNode tasks) {
    List<String> keys = new ArrayList<>();
    tasks.forEach(t -> keys.add(t.path("key").asText()));
    return keys;
  }

  Map<String, String> statuses(List<String> keys) throws Exception {
    Map<String, String> statuses = new java.util.LinkedHashMap<>();
    for (String key : keys) {
      statuses.put(key, task(key).path("status").asText());
    }
    return statuses;
  }

  long runningOn(String agent, String worker) throws Exception {
    JsonNode page = api.call("GET", "/v1/tasks?agent=" + agent + "&status=running&limit=100", null, 200);
    long n = 0;
    for (JsonNode t : page.path("tasks")) {
      if (worker.equals(t.path("worker").asText())) {
        n++;
      }
    }
    return n;
  }

  // ---- waiting and files ----

  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls until {@code condition} holds; fails with {@code state} (described at the end) when it did not in time. */
  static void await(String what, Duration within, Probe<Boolean> condition, Probe<String> state)
      throws Exception {
    long end = System.nanoTime() + within.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + within + ": " + what + "; " + state.get());
      }
      Thread.sleep(20);
    }
  }

  /** Polls until {@code probe} gives a value. */
  static <T> T awaitValue(String what, Duration within, Probe<T> probe) throws Exception {
    long end = System.nanoTime() + within.toNanos();
    for (T value = probe.get(); ; value = probe.get()) {
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static List<Long> pidsIn(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Stream.of(Files.readString(file).strip().split("\\s+")).filter(s -> !s.isEmpty()).map(Long::parseLong)
          .toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  static long countFiles(Path dir, String prefix) throws Exception {
    return fileNames(dir).stream().filter(n -> n.startsWith(prefix) && !n.endsWith(".tmp")).count();
  }

  static List<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  static List<String> readLines(Path file) throws Exception {
    return Files.readAllLines(file).stream().filter(java.util.function.Predicate.not(String::isBlank)).toList();
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
