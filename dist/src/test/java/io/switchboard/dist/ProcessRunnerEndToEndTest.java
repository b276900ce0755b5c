package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code process} runner initializer, as separate OS processes: a coordinator started with a
 * {@code --runners-file} starts a worker process for a runner nobody serves when its tasks wait, replaces it
 * when it is killed while demand remains, stops it when idle, stops it on SIGTERM and leaves no orphan when
 * SIGKILLed; a bad runners file stops the coordinator at start with the field named.
 */
@Timeout(240)
class ProcessRunnerEndToEndTest extends LifecycleProcesses {

  private static final String RUNNER = "spare";

  /** Every worker pid the coordinators started: killed after the test whatever happened. */
  private final Set<Long> started = ConcurrentHashMap.newKeySet();

  @AfterEach
  void killLeftovers() {
    started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void shouldStartAWorkerForARunnerNobodyServesRunTheTaskAndStopTheWorkerWhenIdle(TestKafka kafka,
      @TempDir Path tempDir) throws Exception {
    startWithRunner(kafka, tempDir, "\"idleMs\": 3000", "--lock-ms", "3000");
    assertThat(workersOf()).as("nothing runs before demand").isEmpty();
    api.putAgent("{\"name\":\"greeter\",\"kind\":\"echo\"}");

    long submitted = System.nanoTime();
    JsonNode done = api.submit(onSpare("{\"agent\":\"greeter\",\"prompt\":\"hello, spare\"}"));
    System.out.printf("a task on a runner nobody served: succeeded %d ms after the submit (a worker JVM started)%n",
        millisSince(submitted));

    JsonNode outcome = done.path("outcomes").get(0);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(outcome.path("output").asText()).isEqualTo("hello, spare");
    String workerId = task(outcome.path("key").asText()).path("worker").asText();
    assertThat(workerId).startsWith(RUNNER + "-p" + coordinator().pid() + "-");
    assertThat(task(outcome.path("key").asText()).path("runner").asText()).isEqualTo(RUNNER);
    List<Long> workers = workerPids();
    assertThat(workers).hasSize(1);

    await("the idle worker stops", Duration.ofSeconds(90), () -> workerPids().isEmpty() && !alive(workers.getFirst()),
        () -> "workers " + workerPids());
    await("the stopped worker leaves /v1/workers", Duration.ofSeconds(30), () -> workersOf().isEmpty(),
        () -> "workers " + workersOf());
  }

  @Test
  void shouldStartAnotherWorkerWhenTheStartedOneIsKilledWhileItsTaskWaits(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    startWithRunner(kafka, tempDir, "\"idleMs\": 60000", "--lock-ms", "3000");
    api.putAgent("{\"name\":\"slow\",\"kind\":\"echo\",\"delayMs\":4000}");
    JsonNode accepted = api.call("POST", "/v1/invocations?waitMs=0",
        onSpare("{\"agent\":\"slow\",\"prompt\":\"survives\",\"taskId\":\"only\"}"), 202);
    String key = accepted.path("invocationId").asText() + "/only";
    String first = awaitValue("the task runs on a started worker", Duration.ofSeconds(120), () -> {
      JsonNode t = task(key);
      return t.path("status").asText().equals("running") ? t.path("worker").asText() : null;
    });
    long firstPid = workerPids().getFirst();

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // SIGKILL, mid-task
    long killed = System.nanoTime();
    await("another worker starts", Duration.ofSeconds(90),
        () -> workerPids().stream().anyMatch(pid -> pid != firstPid), () -> "workers " + workerPids());

    JsonNode done = api.call("GET", "/v1/invocations/" + accepted.path("invocationId").asText() + "?waitMs=120000",
        null, 200);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    System.out.printf("worker SIGKILLed mid-task: the task succeeded on its replacement %d ms later%n",
        millisSince(killed));
    JsonNode finished = task(key);
    assertThat(finished.path("worker").asText()).as("ran again on the replacement").isNotEqualTo(first)
        .startsWith(RUNNER + "-p");
    assertThat(alive(firstPid)).isFalse();
  }

  @Test
  void shouldStopItsWorkersWhenTheCoordinatorIsStoppedWithSigterm(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    long worker = startWorkerOnDemand(kafka, tempDir);

    int exit = coordinator().terminate();

    assertThat(exit).as("coordinator exit code").isNotEqualTo(-1);
    assertThat(alive(worker)).as("the worker stopped before the coordinator exited").isFalse();
    assertThat(Files.readString(workerLog())).contains("serving runner '" + RUNNER + "'");
  }

  @Test
  void shouldLeaveNoOrphanWorkerWhenTheCoordinatorIsKilled(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    long worker = startWorkerOnDemand(kafka, tempDir);

    coordinator().kill();

    await("the orphaned worker stops by itself", Duration.ofSeconds(60), () -> !alive(worker),
        () -> "worker " + worker + " alive; log " + Files.readString(workerLog()));
    assertThat(Files.readString(workerLog())).contains("parent process " + coordinator().pid() + " is gone");
  }

  @Test
  void shouldRefuseABadRunnersFileAtStartNamingTheField(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    Path file = Files.writeString(tempDir.resolve("runners.json"),
        "{\"runners\": [{\"name\": \"spare\", \"kind\": \"process\", \"config\": {\"maxWorkers\": 0}}]}");
    Launched coordinator = Launched.start(tempDir.resolve("logs"), "coordinator", "coordinator", "--bootstrap",
        kafka.bootstrap(), "--port", "0", "--state-dir", tempDir.resolve("state").toString(), "--runners-file",
        file.toString());
    processes.add(coordinator);

    assertThat(coordinator.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
    assertThat(coordinator.lines()).as("it never served").isEmpty();
    assertThat(Files.readString(coordinator.log())).contains("switchboard: runners-file: " + file
        + ": runners[0].config.maxWorkers: must be between 1 and 1000: 0");

    Files.writeString(file, "{\"runners\": [{\"name\": \"spare\", \"kind\": \"cloud\"}]}");
    Launched again = Launched.start(tempDir.resolve("logs"), "coordinator-2", "coordinator", "--bootstrap",
        kafka.bootstrap(), "--port", "0", "--state-dir", tempDir.resolve("state").toString(), "--runners-file",
        file.toString());
    processes.add(again);
    assertThat(again.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
    assertThat(Files.readString(again.log())).contains("runners[0].kind: no runner initializer of kind 'cloud'");
  }

  // ---- helpers ----

  /** A coordinator whose runner {@code spare} is started on demand with these extra config fields. */
  private void startWithRunner(TestKafka kafka, Path tempDir, String config, String... flags) throws Exception {
    Path logs = tempDir.resolve("logs");
    Path file = Files.writeString(tempDir.resolve("runners.json"), """
        {"runners": [{"name": "%s", "kind": "process", "config": {
          %s, "concurrency": 2, "stopGraceMs": 2000, "logDir": "%s",
          "jvmArgs": ["-Xmx256m", "-XX:+UseSerialGC"]}}]}
        """.formatted(RUNNER, config, logs.resolve("runner")));
    String[] all = new String[flags.length + 2];
    all[0] = "--runners-file";
    all[1] = file.toString();
    System.arraycopy(flags, 0, all, 2, flags.length);
    startCoordinator(kafka, tempDir, all);
  }

  /** A coordinator with a worker started on demand and serving (its task done); the worker's pid. */
  private long startWorkerOnDemand(TestKafka kafka, Path tempDir) throws Exception {
    startWithRunner(kafka, tempDir, "\"idleMs\": 600000");
    api.putAgent("{\"name\":\"greeter\",\"kind\":\"echo\"}");
    JsonNode done = api.submit(onSpare("{\"agent\":\"greeter\",\"prompt\":\"hi\"}"));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    List<Long> workers = workerPids();
    assertThat(workers).hasSize(1);
    return workers.getFirst();
  }

  private static String onSpare(String target) {
    return "{\"targets\":[" + target + "],\"executor\":{\"hint\":\"remote\",\"runner\":\"" + RUNNER + "\"}}";
  }

  private Launched coordinator() {
    return processes.getFirst();
  }

  /** The worker processes the coordinator runs now (its children). */
  private List<Long> workerPids() {
    List<Long> pids = ProcessHandle.of(coordinator().pid()).stream().flatMap(ProcessHandle::children)
        .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    started.addAll(pids);
    return pids;
  }

  /** The live workers serving the runner, as /v1/workers lists them. */
  private List<String> workersOf() throws Exception {
    JsonNode workers = api.call("GET", "/v1/workers", null, 200).path("workers");
    List<String> ids = new java.util.ArrayList<>();
    workers.forEach(w -> {
      if (w.path("runner").asText().equals(RUNNER)) {
        ids.add(w.path("id").asText());
      }
    });
    return ids;
  }

  private Path workerLog() throws Exception {
    try (var files = Files.list(dir.resolve("logs").resolve("runner"))) {
      return files.filter(f -> f.getFileName().toString().startsWith(RUNNER + "-p")).findFirst().orElseThrow();
    }
  }
}
