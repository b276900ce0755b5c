package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks that run most of a share-group lock (2.4 s of a 3 s lock) on one healthy worker: nobody dies or
 * stalls, so by docs/guarantees.md nothing may run twice. The lock has to be renewed in time for the
 * task a lane runs and for any record the consumer already took for it.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class LockRenewalEndToEndTest {

  private final List<Launched> processes = new ArrayList<>();
  private Path dir;

  @AfterEach
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
    Files.copy(dir.resolve("ledger"), dir.resolve("logs").resolve("ledger"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  void shouldRunEveryTaskOnceWhenTasksTakeMostOfTheLockOnAHealthyWorker(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    dir = tempDir;
    Path ledger = dir.resolve("ledger");
    Files.createFile(ledger);
    Topics topics = kafka.freshTopics();
    String[] common = {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    Launched coordinator = launch("coordinator", common, "coordinator", "--port", "0", "--state-dir",
        dir.resolve("state").toString(), "--lock-ms", "3000");
    Api api = Api.at(coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip());
    LedgerAgent.register(api, dir, ledger, "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $(date +%s%3N)", "2.4");
    launch("worker", common, "worker", "--worker-id", "worker-1", "--concurrency", "1").awaitFirstLine();

    int tasks = 5;
    String targets = IntStream.range(0, tasks).mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"l" + i + "\"}")
        .collect(Collectors.joining(","));
    long start = System.currentTimeMillis();
    JsonNode result = api.submit("{\"workflowId\":\"long-tasks\",\"targets\":[" + targets + "]}");
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    Thread.sleep(4000); // a redelivered record would run again by now

    List<String[]> runs = Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).map(l -> l.split(" "))
        .toList();
    String described = runs.stream().map(r -> r[0] + " at +" + (Long.parseLong(r[2]) - start) + " ms")
        .collect(Collectors.joining("\n  ", "\n  ", ""));
    System.out.println("runs of 2.4 s tasks under a 3 s lock:" + described);
    Map<String, Long> perKey = runs.stream().collect(Collectors.groupingBy(r -> r[0], Collectors.counting()));
    assertThat(perKey).as("runs per task; every run:%s", described).hasSize(tasks)
        .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
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
