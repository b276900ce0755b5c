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
 * The task lifecycle (issue 6) with real processes: a coordinator and worker processes against the test
 * broker, {@code command} agents as shell scripts, driven only through the HTTP API. Trees spawned by the
 * agents themselves and cancelled as a whole, the coordinator's own deadline for a task whose worker died,
 * poison tasks that kill their worker, a graceful SIGTERM on a busy worker, and a task that outlives its
 * share-group lock.
 *
 * <p>Each test has a coordinator of its own (the share-group settings are the coordinator's flags) on a
 * fresh topic prefix.
 */
@ExtendWith(KafkaExtension.class)
class LifecycleEndToEndTest {

  private static final String WORKER_MAIN = Switchboard.class.getName();

  private final List<Launched> processes = new CopyOnWriteArrayList<>();
  /** Agent pid files: whatever they name is killed after the test (agents of SIGKILLed workers outlive them). */
  private final List<Path> pidFiles = new CopyOnWriteArrayList<>();
  private Path dir;
  private String[] common;
  private String url;
  private Api api;

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

  @Test
  @Timeout(120)
  void shouldCancelATreeSpawnedByAgentsAndKillEveryProcessInIt(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    startCoordinator(kafka, tempDir);
    Path pids = Files.createDirectories(dir.resolve("pids"));
    pidFiles.add(pids);
    // depth 0 and 1 spawn two children of depth+1 under their own task key, depth 2 (the leaves) only wait;
    // every level then sleeps, so the whole tree runs at once, and records "<shell pid> <sleep pid>"
    Path script = script("spawner.sh", """
        #!/bin/sh
        task=$(cat)
        case "$task" in
          *'"prompt":"0"'*) depth=0 ;;
          *'"prompt":"1"'*) depth=1 ;;
          *) depth=2 ;;
        esac
        if [ "$depth" -lt 2 ]; then
          [ -n "$SWITCHBOARD_URL" ] || { echo "no SWITCHBOARD_URL" >&2; exit 3; }
          next=$((depth + 1))
          body="{\\"parentTaskId\\":\\"$SWITCHBOARD_TASK_KEY\\",\\"targets\\":[{\\"agent\\":\\"spawner\\",\\"prompt\\":\\"$next\\"},{\\"agent\\":\\"spawner\\",\\"prompt\\":\\"$next\\"}]}"
          code=$(/usr/bin/curl -sS -o /dev/stderr -w '%{http_code}' -X POST -H 'Content-Type: application/json' \\
            --data "$body" "$SWITCHBOARD_URL/v1/invocations?waitMs=0")
          [ "$code" = 202 ] || { echo "spawning answered $code" >&2; exit 3; }
        fi
        file="$PID_DIR/d${depth}_$(echo "$SWITCHBOARD_TASK_KEY" | tr / _)"
        sleep 300 &
        echo "$$ $!" > "$file.tmp" && mv "$file.tmp" "$file"
        wait
        """);
    api.putAgent("{\"name\":\"spawner\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"PID_DIR\":\""
        + pids + "\"}}");
    worker("tree-worker", "--concurrency", "8").awaitFirstLine();

    long submitted = System.nanoTime();
    api.call("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"tree\",\"join\":\"detached\",\"targets\":[{\"agent\":\"spawner\",\"prompt\":\"0\"}]}", 202);
    await("the 7 tasks of the tree started (pid files: levels 1, 2, 4)", Duration.ofSeconds(60),
        () -> countFiles(pids, "d0_") == 1 && countFiles(pids, "d1_") == 2 && countFiles(pids, "d2_") == 4,
        () -> "pid files " + fileNames(pids) + "; root " + task("tree/0"));
    System.out.printf("tree: 7 agents running %d ms after the root was submitted%n", millisSince(submitted));

    // the tree as the API lists it: the root's 2 children, each with 2 children, all running
    List<String> level1 = keysOf(childrenOf("tree/0"));
    assertThat(level1).hasSize(2);
    assertThat(task("tree/0").path("children")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(level1);
    List<String> leaves = new ArrayList<>();
    for (String child : level1) {
      JsonNode grandchildren = childrenOf(child);
      assertThat(keysOf(grandchildren)).as("children of %s", child).hasSize(2);
      grandchildren.forEach(g -> assertThat(g.path("parent").asText()).isEqualTo(child));
      leaves.addAll(keysOf(grandchildren));
    }
    List<String> tree = new ArrayList<>(List.of("tree/0"));
    tree.addAll(level1);
    tree.addAll(leaves);
    assertThat(new HashSet<>(tree)).hasSize(7);
    await("every task of the tree is running", Duration.ofSeconds(30),
        () -> statuses(tree).values().stream().allMatch("running"::equals), () -> statuses(tree).toString());
    List<Long> processesOfTree = new ArrayList<>();
    try (Stream<Path> files = Files.list(pids)) {
      for (Path f : files.toList()) {
        processesOfTree.addAll(pidsIn(f));
      }
    }
    assertThat(processesOfTree).hasSize(14).allMatch(LifecycleEndToEndTest::alive);

    long cancelAt = System.nanoTime();
    JsonNode cancel = api.call("POST", "/v1/tasks/tree/0/cancel", null, 202);
    assertThat(cancel.path("cancelled")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(tree);

    await("every process of the tree is gone", Duration.ofSeconds(20),
        () -> processesOfTree.stream().noneMatch(LifecycleEndToEndTest::alive),
        () -> "alive: " + processesOfTree.stream().filter(LifecycleEndToEndTest::alive).toList());
    long killedMs = millisSince(cancelAt);
    await("every task of the tree is cancelled", Duration.ofSeconds(30),
        () -> statuses(tree).values().stream().allMatch("cancelled"::equals), () -> statuses(tree).toString());
    for (String key : tree) {
      assertThat(task(key).path("outcome").path("error").path("code").asText()).as(key).isEqualTo("cancelled");
    }
    System.out.printf("tree: 14 processes gone %d ms after the cancel, 7 tasks cancelled after %d ms%n", killedMs,
        millisSince(cancelAt));
  }

  // ---- 2. the coordinator's deadline when the worker died and never came back ----

  @Test
  @Timeout(90)
  void shouldTimeOutATaskWhoseWorkerWasKilledByTheCoordinatorsDeadline(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    startCoordinator(kafka, tempDir, "--deadline-grace-ms", "2000");
    Path pidFile = dir.resolve("stuck.pid");
    pidFiles.add(pidFile);
    Path script = script("stuck.sh", """
        #!/bin/sh
        cat > /dev/null
        echo $$ > "$PID_FILE.tmp" && mv "$PID_FILE.tmp" "$PID_FILE"
        exec sleep 60
        """);
    api.putAgent("{\"name\":\"stuck\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"timeoutMs\":2000,"
        + "\"supervisor\":{\"onFailure\":\"stop\"},\"env\":{\"PID_FILE\":\"" + pidFile + "\"}}");
    Launched worker = worker("doomed", "--concurrency", "1");
    worker.awaitFirstLine();

    api.call("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"deadline\",\"targets\":[{\"agent\":\"stuck\",\"prompt\":\"p\"}]}", 202);
    // SIGKILL the worker the moment its agent runs: well before its own 2 s timeout could report anything
    await("the agent started", Duration.ofSeconds(60), () -> Files.exists(pidFile), () -> task("deadline/0").toString());
    worker.kill();
    long killed = System.nanoTime();
    assertThat(worker.isAlive()).isFalse();

    JsonNode result = api.awaitStatus("GET", "/v1/invocations/deadline?waitMs=5000", null, 200, Duration.ofSeconds(15));
    long decidedMs = millisSince(killed);
    System.out.printf("deadline: outcome %d ms after the worker was SIGKILLed: %s%n", decidedMs, result.path("outcomes"));
    assertThat(result.path("status").asText()).isEqualTo("failed");
    JsonNode outcome = result.path("outcomes").get(0);
    assertThat(outcome.path("error").path("code").asText()).as(outcome.toString()).isEqualTo("timeout");
    // decided by the coordinator (its message), not by the worker ("timed out after 2000 ms")
    assertThat(outcome.path("error").path("message").asText()).as(outcome.toString()).contains("no result within");
    assertThat(outcome.path("attempts").asInt()).as("supervisor stop: no restart").isEqualTo(1);
    assertThat(task("deadline/0").path("status").asText()).isEqualTo("failed");
  }

  // ---- 3. a poison task that kills its worker, dead-lettered, then retried ----

  @Test
  @Timeout(180)
  void shouldDeadLetterATaskThatKillsItsWorkerAndRetryIt(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    startCoordinator(kafka, tempDir, "--lock-ms", "2000", "--delivery-limit", "3");
    Path ledger = dir.resolve("poison.ledger");
    Path marker = dir.resolve("poison.marker");
    Files.createFile(ledger);
    Files.createFile(marker);
    // "poison" with the marker: finds the worker JVM (its parent, or the nearest ancestor running
    // Switchboard) and SIGKILLs it; without the marker it succeeds; any other prompt echoes
    Path script = script("poison.sh", """
        #!/bin/sh
        task=$(cat)
        case "$task" in
          *'"prompt":"poison"'*) ;;
          *) echo "$SWITCHBOARD_TASK_KEY ok"; exit 0 ;;
        esac
        if [ ! -e "$MARKER" ]; then
          echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT ran" >> "$LEDGER"
          echo recovered
          exit 0
        fi
        p=$PPID
        while [ "$p" -gt 1 ]; do
          if tr '\\000' ' ' < "/proc/$p/cmdline" | grep -q "$WORKER_MAIN worker"; then
            echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT killed $p parent=$PPID" >> "$LEDGER"
            kill -9 "$p"
            sleep 2
            echo "the worker $p survived SIGKILL" >&2
            exit 3
          fi
          p=$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f2)
        done
        echo "no worker JVM among my ancestors (parent $PPID)" >&2
        exit 3
        """);
    api.putAgent("{\"name\":\"poisonous\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"LEDGER\":\""
        + ledger + "\",\"MARKER\":\"" + marker + "\",\"WORKER_MAIN\":\"" + WORKER_MAIN + "\"}}");

    // one worker at a time, of concurrency 1 (it holds one record: only the poison task dies with it),
    // restarted whenever it dies, at most 5 times
    List<Launched> generations = new CopyOnWriteArrayList<>();
    generations.add(worker("poison-w1", "--concurrency", "1", "--delivery-limit", "3"));
    generations.getFirst().awaitFirstLine();
    AtomicBoolean supervising = new AtomicBoolean(true);
    AtomicReference<Throwable> supervisorError = new AtomicReference<>();
    Thread restarter = Thread.ofVirtual().name("worker-restarter").start(() -> {
      try {
        while (supervising.get()) {
          if (!generations.getLast().isAlive() && generations.size() <= 5) {
            int n = generations.size() + 1;
            System.out.printf("poison: worker %d died, starting poison-w%d%n", n - 1, n);
            generations.add(worker("poison-w" + n, "--concurrency", "1", "--delivery-limit", "3"));
          }
          Thread.sleep(100);
        }
      } catch (Throwable e) {
        supervisorError.set(e);
      }
    });
    try {
      long submitted = System.nanoTime();
      api.call("POST", "/v1/invocations?waitMs=0",
          "{\"workflowId\":\"poison\",\"targets\":[{\"taskId\":\"p\",\"agent\":\"poisonous\",\"prompt\":\"poison\"}]}", 202);
      String normals = IntStream.range(0, 6).mapToObj(i -> "{\"agent\":\"poisonous\",\"prompt\":\"n" + i + "\"}")
          .collect(Collectors.joining(","));
      api.call("POST", "/v1/invocations?waitMs=0", "{\"workflowId\":\"normal\",\"targets\":[" + normals + "]}", 202);

      JsonNode poisoned = api.awaitStatus("GET", "/v1/invocations/poison?waitMs=10000", null, 200,
          Duration.ofSeconds(90));
      System.out.printf("poison: dead after %d ms, %d worker processes; ledger:%n%s%n", millisSince(submitted),
          generations.size(), Files.readString(ledger));
      JsonNode outcome = poisoned.path("outcomes").get(0);
      assertThat(outcome.path("error").path("code").asText()).as(poisoned.toString()).isEqualTo("poison");
      assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
      // delivered 3 times: run (and killed its worker) on the first two, dead-lettered on the third unrun
      List<String> kills = Files.readAllLines(ledger).stream().filter(l -> l.startsWith("poison/p 1 killed ")).toList();
      assertThat(kills).as("runs of the poison task").hasSize(2);
      Set<Long> workerPids = generations.stream().map(Launched::pid).collect(Collectors.toSet());
      assertThat(kills).as("each run killed a worker JVM we started: %s", workerPids)
          .allMatch(l -> workerPids.contains(Long.parseLong(l.split(" ")[3])));

      JsonNode normal = api.awaitStatus("GET", "/v1/invocations/normal?waitMs=10000", null, 200, Duration.ofSeconds(60));
      assertThat(normal.path("status").asText()).as(normal.toString()).isEqualTo("succeeded");
      List<String> outputs = new ArrayList<>();
      normal.path("outcomes").forEach(o -> outputs.add(o.path("output").asText().strip()));
      assertThat(outputs).containsExactlyElementsOf(IntStream.range(0, 6).mapToObj(i -> "normal/" + i + " ok").toList());

      JsonNode letter = awaitValue("the poison task in GET /v1/dead-letters", Duration.ofSeconds(30), () -> {
        for (JsonNode l : api.call("GET", "/v1/dead-letters", null, 200).path("deadLetters")) {
          if (l.path("key").asText().equals("poison/p")) {
            return l;
          }
        }
        return null;
      });
      assertThat(letter.path("reason").asText()).as(letter.toString()).contains("poison").contains("delivered 3 times");

      // fixed (the retry runs the spec stored with the task, so the fix is outside it), then retried
      Files.delete(marker);
      JsonNode retry = api.call("POST", "/v1/dead-letters/poison/p/retry", null, 202);
      assertThat(retry.path("attempt").asInt()).as(retry.toString()).isEqualTo(2);
      long retried = System.nanoTime();
      await("the retried task succeeded", Duration.ofSeconds(60),
          () -> "succeeded".equals(task("poison/p").path("status").asText()), () -> task("poison/p").toString());
      JsonNode done = task("poison/p");
      System.out.printf("poison: the retry succeeded after %d ms: %s%n", millisSince(retried), done);
      assertThat(done.path("attempts").asInt()).isEqualTo(2);
      assertThat(done.path("outcome").path("output").asText().strip()).isEqualTo("recovered");
      assertThat(Files.readAllLines(ledger)).filteredOn(l -> l.startsWith("poison/p 2 ")).containsExactly("poison/p 2 ran");
      JsonNode invocation = awaitValue("the invocation finished again, succeeded", Duration.ofSeconds(15), () -> {
        JsonNode i = api.call("GET", "/v1/invocations/poison?waitMs=0", null, 200);
        return "succeeded".equals(i.path("status").asText()) ? i : null;
      });
      assertThat(invocation.path("outcomes").get(0).path("attempts").asInt()).isEqualTo(2);
    } finally {
      supervising.set(false);
      restarter.join(5_000);
    }
    assertThat(supervisorError.get()).isNull();
  }

  // ---- 4. SIGTERM on a busy worker: it hands its tasks back at once ----

  @Test
  @Timeout(150)
  void shouldHandBackTheTasksOfAWorkerStoppedWithSigtermWithoutWaitingForTheLock(TestKafka kafka,
      @TempDir Path tempDir) throws Exception {
    startCoordinator(kafka, tempDir, "--lock-ms", "30000");
    Path starts = dir.resolve("starts.ledger");
    Path ledger = dir.resolve("done.ledger");
    Files.createFile(starts);
    Files.createFile(ledger);
    Path script = script("five.sh", """
        #!/bin/sh
        cat > /dev/null
        echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $PPID" >> "$STARTS"
        sleep 5
        echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $PPID" >> "$LEDGER"
        echo done
        """);
    api.putAgent("{\"name\":\"five\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"LEDGER\":\""
        + ledger + "\",\"STARTS\":\"" + starts + "\"}}");
    // worker-b is up but frozen (SIGSTOP) while worker-a takes its 4 of the 8 (with both taking, Kafka may
    // hand worker-a fewer); it thaws as worker-a is told to stop, so its start-up is not part of the timing
    Launched a = worker("worker-a", "--grace-ms", "1000", "--concurrency", "4");
    Launched b = worker("worker-b", "--concurrency", "4");
    a.awaitFirstLine();
    b.awaitFirstLine();
    signal(b, "-STOP");
    String targets = IntStream.range(0, 8).mapToObj(i -> "{\"agent\":\"five\",\"prompt\":\"f" + i + "\"}")
        .collect(Collectors.joining(","));
    api.call("POST", "/v1/invocations?waitMs=0", "{\"workflowId\":\"drain\",\"targets\":[" + targets + "]}", 202);
    try {
      await("worker-a runs 4 tasks", Duration.ofSeconds(60), () -> runningOn("five", "worker-a") == 4,
          () -> "tasks: " + api.call("GET", "/v1/tasks?agent=five", null, 200) + ", starts: " + readLines(starts));
    } finally {
      signal(b, "-CONT");
    }

    long sigterm = System.nanoTime();
    int exit = a.terminate();
    long exitedMs = millisSince(sigterm);
    System.out.printf("drain: worker-a exited %d in %d ms after SIGTERM%n", exit, exitedMs);
    assertThat(exit).as("worker-a's exit code; log: %s", a.log()).isIn(0, 143);
    assertThat(exitedMs).isLessThan(30_000);

    JsonNode result = api.awaitStatus("GET", "/v1/invocations/drain?waitMs=5000", null, 200, Duration.ofSeconds(40));
    long doneMs = millisSince(sigterm);
    System.out.printf("drain: the invocation finished %d ms after SIGTERM (lock 30000 ms)%n", doneMs);
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    assertThat(doneMs).as("finished well before a lock expiry (30 s) could have redelivered anything").isLessThan(25_000);

    String aPid = Long.toString(a.pid());
    String bPid = Long.toString(b.pid());
    List<String[]> finished = readLines(ledger).stream().map(l -> l.split(" ")).toList();
    Set<String> startedOnA = readLines(starts).stream().map(l -> l.split(" ")).filter(r -> r[2].equals(aPid))
        .map(r -> r[0]).collect(Collectors.toSet());
    Set<String> finishedOnA = finished.stream().filter(r -> r[2].equals(aPid)).map(r -> r[0]).collect(Collectors.toSet());
    Set<String> handedBack = new HashSet<>(startedOnA);
    handedBack.removeAll(finishedOnA);
    System.out.printf("drain: started on a %s, finished on a %s, handed back %s%n", startedOnA, finishedOnA, handedBack);
    assertThat(startedOnA).as("worker-a started its 4 tasks and no more").hasSize(4);
    assertThat(finishedOnA).as("worker-a finished nothing: its tasks need 5 s, its grace is 1 s").isEmpty();
    assertThat(handedBack).hasSize(4);
    // every task finished exactly once, as attempt 1 (a hand-back is no failure)
    assertThat(finished).extracting(r -> r[0]).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, 8).mapToObj(i -> "drain/" + i).toList());
    assertThat(finished).allMatch(r -> r[1].equals("1"));
    assertThat(finished).as("every task finished on worker-b").allMatch(r -> r[2].equals(bPid));
    for (String key : handedBack) {
      JsonNode t = task(key);
      assertThat(t.path("worker").asText()).as(t.toString()).isEqualTo("worker-b");
      assertThat(t.path("attempts").asInt()).as(t.toString()).isEqualTo(1);
    }
  }

  /**
   * Found while writing the SIGTERM test: with two workers of concurrency 4 idle and 8 tasks of 5 s
   * submitted at once, a task sometimes starts only ~5 s late, on a worker, when one of that worker's
   * running tasks ends, while a slot was free (in 2 of 5 rounds of a probe, once even on the worker that had
   * the free slot): the record was acquired by a worker that did not start it. Kept disabled: it fails
   * often, not always.
   */
  @Test
  @Timeout(120)
  @org.junit.jupiter.api.Disabled("known worker defect, flaky by nature: a lane can hold a task it fetched ahead while another lane has a free slot (up to ~5 s late); enable to reproduce")
  void shouldStartEveryTaskAtOnceWhenTheWorkersHaveRoomForAll(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    startCoordinator(kafka, tempDir, "--lock-ms", "30000");
    Path starts = dir.resolve("starts.ledger");
    Files.createFile(starts);
    Path script = script("five.sh", """
        #!/bin/sh
        cat > /dev/null
        echo "$SWITCHBOARD_TASK_KEY $PPID $(date +%s%3N)" >> "$STARTS"
        sleep 5
        echo done
        """);
    api.putAgent("{\"name\":\"five\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"STARTS\":\""
        + starts + "\"}}");
    Launched a = worker("worker-a", "--concurrency", "4");
    Launched b = worker("worker-b", "--concurrency", "4");
    a.awaitFirstLine();
    b.awaitFirstLine();
    for (int round = 0; round < 4; round++) {
      String targets = IntStream.range(0, 8).mapToObj(i -> "{\"agent\":\"five\",\"prompt\":\"f" + i + "\"}")
          .collect(Collectors.joining(","));
      api.call("POST", "/v1/invocations?waitMs=60000", "{\"workflowId\":\"r" + round + "\",\"targets\":["
          + targets + "]}", 200);
      String prefix = "r" + round + "/";
      List<String[]> rows = readLines(starts).stream().map(l -> l.split(" ")).filter(r -> r[0].startsWith(prefix))
          .toList();
      long first = rows.stream().mapToLong(r -> Long.parseLong(r[2])).min().orElseThrow();
      String described = rows.stream().map(r -> r[0] + "@" + (r[1].equals(Long.toString(a.pid())) ? "a" : "b") + "+"
          + (Long.parseLong(r[2]) - first) + "ms").collect(Collectors.joining(" "));
      assertThat(rows).as("round %d: 8 tasks, 8 free slots, each started within 2.5 s: %s", round, described)
          .allMatch(r -> Long.parseLong(r[2]) - first < 2_500);
    }
  }

  // ---- 5. a task longer than the lock runs once ----

  @Test
  @Timeout(90)
  void shouldRunATaskLongerThanTheLockExactlyOnce(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    // a 4 s lock: long enough to keep on a loaded 2-core machine, short enough to be outlived twice
    startCoordinator(kafka, tempDir, "--lock-ms", "4000");
    Path ledger = dir.resolve("long.ledger");
    Files.createFile(ledger);
    Path script = script("long.sh", """
        #!/bin/sh
        cat > /dev/null
        echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $PPID $(date +%s%3N)" >> "$LEDGER"
        sleep 9
        echo done
        """);
    api.putAgent("{\"name\":\"long\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"LEDGER\":\""
        + ledger + "\"}}");
    Launched a = worker("long-a", "--concurrency", "2");
    Launched b = worker("long-b", "--concurrency", "2");
    a.awaitFirstLine();
    b.awaitFirstLine();

    JsonNode result = api.call("POST", "/v1/invocations?waitMs=60000",
        "{\"workflowId\":\"long\",\"targets\":[{\"agent\":\"long\",\"prompt\":\"l\"}]}", 200);
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    long finished = System.currentTimeMillis();
    // a second run would have started when the first lock lapsed (~2 s in), long before the first ended;
    // one more lock duration of quiet for a late one
    Thread.sleep(2500);
    JsonNode t = task("long/0");
    Duration ran = Duration.between(java.time.Instant.parse(t.path("startedAt").asText()),
        java.time.Instant.parse(t.path("finishedAt").asText()));
    List<String> runs = readLines(ledger);
    System.out.printf("long: ran %d ms under a 4000 ms lock; runs (key attempt worker-pid epoch-ms) %s, result at %d; "
        + "workers a=%d b=%d%n", ran.toMillis(), runs, finished, a.pid(), b.pid());
    assertThat(runs).as("runs of the task (key, attempt, worker pid, start epoch ms); worker logs %s, %s", a.log(),
        b.log()).hasSize(1);
    assertThat(t.path("attempts").asInt()).isEqualTo(1);
    assertThat(ran).as(t.toString()).isGreaterThan(Duration.ofMillis(8000)); // over two lock durations
  }


  // ---- processes ----

  private void startCoordinator(TestKafka kafka, Path tempDir, String... flags) throws Exception {
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
  private Launched worker(String id, String... flags) throws Exception {
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
  private static void signal(Launched process, String signal) throws Exception {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    assertThat(exit).as("kill %s %d", signal, process.pid()).isZero();
  }

  private Path script(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  // ---- the API ----

  private JsonNode task(String key) throws Exception {
    return api.call("GET", "/v1/tasks/" + key, null, 200);
  }

  private JsonNode childrenOf(String key) throws Exception {
    return api.call("GET", "/v1/tasks?parent=" + URLEncoder.encode(key, StandardCharsets.UTF_8), null, 200)
        .path("tasks");
  }

  private static List<String> keysOf(JsonNode tasks) {
    List<String> keys = new ArrayList<>();
    tasks.forEach(t -> keys.add(t.path("key").asText()));
    return keys;
  }

  private Map<String, String> statuses(List<String> keys) throws Exception {
    Map<String, String> statuses = new java.util.LinkedHashMap<>();
    for (String key : keys) {
      statuses.put(key, task(key).path("status").asText());
    }
    return statuses;
  }

  private long runningOn(String agent, String worker) throws Exception {
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
  private static void await(String what, Duration within, Probe<Boolean> condition, Probe<String> state)
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
  private static <T> T awaitValue(String what, Duration within, Probe<T> probe) throws Exception {
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

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<Long> pidsIn(Path file) {
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

  private static long countFiles(Path dir, String prefix) throws Exception {
    return fileNames(dir).stream().filter(n -> n.startsWith(prefix) && !n.endsWith(".tmp")).count();
  }

  private static List<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> readLines(Path file) throws Exception {
    return Files.readAllLines(file).stream().filter(java.util.function.Predicate.not(String::isBlank)).toList();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
