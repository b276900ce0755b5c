package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.FreePorts;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator process running {@code local} tasks is SIGKILLed mid-join and restarted: the join completes
 * from the journal like a remote one. The local executor dies with its coordinator, exactly as a worker
 * process dies with its tasks, so the contract is the worker-loss one: a task finished (or not yet started)
 * before the kill runs exactly once; only the tasks in flight at the kill (at most the local concurrency)
 * run a second time, once, by the restarted coordinator, within the same attempt. The agents' own ledger
 * (one line per run: key, attempt, the coordinator's pid) says so.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class LocalExecutorCrashTest {

  private static final int TASKS = 40;
  private static final int CONCURRENCY = 4;
  private static final String WORKFLOW = "local-crash";

  private Path dir;
  private Path ledger;
  private String[] common;
  private int port;
  private Api api;
  private final List<Launched> processes = new ArrayList<>();

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    dir = tempDir;
    ledger = Files.createFile(dir.resolve("ledger"));
    Topics topics = kafka.freshTopics();
    common = new String[] {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    port = FreePorts.pick("127.0.0.1");
    Path script = dir.resolve("ledger.sh");
    Files.writeString(script, """
        #!/bin/sh
        cat > /dev/null
        echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $PPID" >> "$LEDGER"
        sleep 0.4
        echo "$SWITCHBOARD_TASK_KEY"
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    startCoordinator(1);
    api.putAgent("{\"name\":\"ledger\",\"kind\":\"command\",\"runtimes\":[\"local\"],\"command\":[\"" + script
        + "\"],\"env\":{\"LEDGER\":\"" + ledger + "\"}}");
  }

  @AfterAll
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  void shouldFinishALocalJoinAfterACoordinatorSigkillRunningOnlyTheInFlightTasksAgain() throws Exception {
    String targets = IntStream.range(0, TASKS).mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"p" + i + "\"}")
        .collect(Collectors.joining(","));
    HttpResponse<String> accepted = api.send("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"" + WORKFLOW + "\",\"targets\":[" + targets + "]}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    Launched first = processes.getLast();

    awaitRuns(3 * CONCURRENCY);
    first.kill();
    int runsAtKill = runs().size();
    System.out.println("coordinator SIGKILLed with " + runsAtKill + "/" + TASKS + " local tasks started");

    long restarted = System.nanoTime();
    Launched second = startCoordinator(2);
    JsonNode result = api.awaitStatus("GET", "/v1/invocations/" + WORKFLOW + "?waitMs=30000", null, 200,
        Duration.ofSeconds(150));
    System.out.printf("local join complete %d ms after the restart%n", (System.nanoTime() - restarted) / 1_000_000);
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    List<String> outputs = new ArrayList<>();
    result.path("outcomes").forEach(o -> outputs.add(o.path("output").asText().strip()));
    assertThat(outputs).containsExactlyElementsOf(keys());
    assertThat(result.path("outcomes")).allSatisfy(o -> assertThat(o.path("attempts").asInt()).isEqualTo(1));
    Thread.sleep(1500); // a task run once more would show up here

    Map<String, List<String[]>> byKey = runs().stream().collect(Collectors.groupingBy(r -> r[0]));
    assertThat(byKey.keySet()).as("every task ran").containsExactlyInAnyOrderElementsOf(keys());
    List<String> again = byKey.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .sorted().toList();
    System.out.println("local tasks run again after the kill (in flight at it): " + again);
    assertThat(again).as("only the tasks in flight at the kill run again").hasSizeLessThanOrEqualTo(CONCURRENCY);
    for (String key : again) {
      List<String[]> runs = byKey.get(key);
      assertThat(runs).as("runs of %s", key).hasSize(2);
      assertThat(runs.get(0)[2]).as("first run of %s by the killed coordinator", key)
          .isEqualTo(Long.toString(first.pid()));
      assertThat(runs.get(1)[2]).as("second run of %s by the restarted one", key)
          .isEqualTo(Long.toString(second.pid()));
      assertThat(runs.get(1)[1]).as("the same attempt: a redelivery, not a retry").isEqualTo("1");
    }
    JsonNode task = api.call("GET", "/v1/tasks/" + WORKFLOW + "/0", null, 200);
    assertThat(task.path("executor").asText()).isEqualTo("local");
  }

  private Launched startCoordinator(int n) throws Exception {
    Launched coordinator = Launched.start(dir.resolve("logs"), "coordinator-" + n, concat(common, "coordinator",
        "--port", Integer.toString(port), "--state-dir", dir.resolve("state").toString(), "--lock-ms", "3000",
        "--local-executor-concurrency", Integer.toString(CONCURRENCY)));
    processes.add(coordinator);
    String url = coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip();
    assertThat(url).isEqualTo("http://127.0.0.1:" + port);
    api = Api.at(url);
    return coordinator;
  }

  private static String[] concat(String[] common, String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private static List<String> keys() {
    return IntStream.range(0, TASKS).mapToObj(i -> WORKFLOW + "/" + i).toList();
  }

  private List<String[]> runs() throws Exception {
    return Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).map(l -> l.split(" "))
        .filter(r -> r.length == 3).toList();
  }

  private void awaitRuns(int count) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runs().size() < count) {
      assertThat(System.nanoTime()).as("ledger runs: %d", runs().size()).isLessThan(end);
      Thread.sleep(20);
    }
  }
}
