package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process SIGKILLed while it runs tasks: the tasks it held come back to the other worker once
 * their share-group lock (3 s here) lapses, every task succeeds, and only the killed worker's in-flight
 * tasks ran twice.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class WorkerCrashTest {

  private static final int TASKS = 40;
  private static final int CONCURRENCY = 4;
  private static final String WORKFLOW = "worker-crash";

  private final List<Launched> processes = new ArrayList<>();
  private Path dir;

  @AfterEach
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  void shouldRunTheKilledWorkersTasksAgainElsewhereAndOnlyThose(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    dir = tempDir;
    Path ledger = dir.resolve("ledger");
    Files.createFile(ledger);
    Topics topics = kafka.freshTopics();
    String[] common = {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    Launched coordinator = launch("coordinator", common, "coordinator", "--port", "0", "--state-dir",
        dir.resolve("state").toString(), "--lock-ms", "3000");
    Api api = Api.at(coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip());

    // one line per run: key, attempt, the worker process that started it (the agent's parent), epoch ms
    Path script = dir.resolve("ledger.sh");
    Files.writeString(script, """
        #!/bin/sh
        cat > /dev/null
        echo "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $PPID $(date +%s%3N)" >> "$LEDGER"
        sleep 1
        echo "$SWITCHBOARD_TASK_KEY"
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    api.putAgent("{\"name\":\"ledger\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"LEDGER\":\""
        + ledger + "\"}}");
    Launched victim = launch("worker-a", common, "worker", "--worker-id", "worker-a", "--concurrency",
        Integer.toString(CONCURRENCY));
    Launched survivor = launch("worker-b", common, "worker", "--worker-id", "worker-b", "--concurrency",
        Integer.toString(CONCURRENCY));
    victim.awaitFirstLine();
    survivor.awaitFirstLine();

    String targets = IntStream.range(0, TASKS).mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"w" + i + "\"}")
        .collect(Collectors.joining(","));
    HttpResponse<String> accepted = api.send("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"" + WORKFLOW + "\",\"targets\":[" + targets + "]}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    // kill worker-a while the agents it started are still running (each runs 1 s)
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Set<String> heldByVictim;
    while (true) {
      heldByVictim = runsBy(ledger, victim.pid());
      if (heldByVictim.size() >= CONCURRENCY + 2) { // it is on its second round of tasks
        break;
      }
      assertThat(System.nanoTime()).as("worker-a ran %s", heldByVictim).isLessThan(end);
      Thread.sleep(20);
    }
    Thread.sleep(200);
    victim.kill();
    long killed = System.nanoTime();
    Set<String> ranByVictim = runsBy(ledger, victim.pid());
    System.out.println("worker-a SIGKILLed after starting " + ranByVictim.size() + " tasks");

    JsonNode result = api.awaitStatus("GET", "/v1/invocations/" + WORKFLOW + "?waitMs=30000", null, 200,
        Duration.ofSeconds(120));
    long joinMs = (System.nanoTime() - killed) / 1_000_000;
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    List<String> outputs = new ArrayList<>();
    result.path("outcomes").forEach(o -> outputs.add(o.path("output").asText().strip()));
    assertThat(outputs).containsExactlyElementsOf(IntStream.range(0, TASKS).mapToObj(i -> WORKFLOW + "/" + i).toList());

    Thread.sleep(1500); // a late extra run would show here
    List<String[]> runs = Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).map(l -> l.split(" "))
        .toList();
    Map<String, List<String[]>> byKey = runs.stream().collect(Collectors.groupingBy(r -> r[0]));
    assertThat(byKey.keySet()).hasSize(TASKS);
    List<String> again = byKey.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .sorted().toList();
    System.out.println("tasks run twice after the worker crash: " + again);
    assertThat(again).as("only the killed worker's in-flight tasks run again").hasSizeLessThanOrEqualTo(CONCURRENCY)
        .allSatisfy(key -> {
          List<String[]> ofKey = byKey.get(key);
          assertThat(ofKey.get(0)[2]).as("first run of %s by worker-a", key).isEqualTo(Long.toString(victim.pid()));
          assertThat(ofKey).as("runs of %s", key).hasSize(2);
          assertThat(ofKey.get(1)[2]).as("rerun of %s by worker-b", key).isEqualTo(Long.toString(survivor.pid()));
        });

    // when the redelivered tasks ran again and finished, measured from the kill
    long killedAtEpoch = System.currentTimeMillis() - (System.nanoTime() - killed) / 1_000_000;
    long firstRerun = Long.MAX_VALUE;
    long lastFinished = 0;
    for (String key : again) {
      firstRerun = Math.min(firstRerun, Long.parseLong(byKey.get(key).get(1)[3]));
      JsonNode task = api.call("GET", "/v1/tasks/" + key, null, 200);
      assertThat(task.path("status").asText()).isEqualTo("succeeded");
      assertThat(task.path("worker").asText()).isEqualTo("worker-b");
      lastFinished = Math.max(lastFinished, java.time.Instant.parse(task.path("finishedAt").asText()).toEpochMilli());
    }
    System.out.printf("worker crash: %d tasks redelivered; first rerun started %d ms and the last finished %d ms "
        + "after the kill (lock 3000 ms); join complete %d ms after the kill%n", again.size(),
        again.isEmpty() ? 0 : firstRerun - killedAtEpoch, again.isEmpty() ? 0 : lastFinished - killedAtEpoch, joinMs);
  }

  private static Set<String> runsBy(Path ledger, long pid) throws Exception {
    Set<String> keys = new HashSet<>();
    for (String line : Files.readAllLines(ledger)) {
      String[] parts = line.split(" ");
      if (parts.length == 4 && parts[2].equals(Long.toString(pid))) {
        keys.add(parts[0]);
      }
    }
    return keys;
  }

  private Launched launch(String name, String[] common, String command, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }
}
