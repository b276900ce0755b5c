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
 * The task lifecycle end to end, as separate processes: a tree spawned by agents cancelled at its root, a
 * coordinator deadline for a task whose worker died, and a poison task that kills its worker.
 */
class LifecycleEndToEndTest extends LifecycleProcesses {

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

}
