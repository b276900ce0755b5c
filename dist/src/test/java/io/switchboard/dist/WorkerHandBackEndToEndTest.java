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
 * Workers handing tasks back, as separate processes: SIGTERM on a busy worker, and a task longer than the
 * share-group lock that must run exactly once.
 */
class WorkerHandBackEndToEndTest extends LifecycleProcesses {

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

}
