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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-target invocation's task is sent beside its intent, not after it. The coordinator is SIGKILLed
 * while the task runs, its intent never having reached {@code <p>.invocations} (a test interceptor sends it
 * elsewhere) and its state directory lost: the restarted coordinator restores the invocation from the copy
 * of the intent the task's envelope carries, the join completes, the task ran once, and a resubmission
 * replays it.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class CarriedIntentCrashTest {

  private static final String BODY = "{\"workflowId\":\"lost-1\",\"targets\":[{\"agent\":\"ledger\",\"prompt\":\"p\"}]}";

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
  void shouldRestoreFromTheEnvelopeAnInvocationWhoseIntentNeverGotIn(TestKafka kafka, @TempDir Path tempDir)
      throws Exception {
    dir = tempDir;
    Path ledger = Files.createFile(dir.resolve("ledger"));
    Path stateDir = dir.resolve("state");
    Topics topics = kafka.freshTopics();
    String bootstrap = kafka.bootstrap();
    int port = FreePorts.pick("127.0.0.1");
    List<String> coordinator = List.of("coordinator", "--bootstrap", bootstrap, "--topic-prefix", topics.prefix(),
        "--port", Integer.toString(port), "--state-dir", stateDir.toString());
    // no local executor in this one: a share consumer refuses interceptors
    Launched first = launch("coordinator-1", coordinator, "--local-executor-concurrency", "0",
        "--kafka-property", "interceptor.classes=" + LostIntents.class.getName());
    first.awaitFirstLine();
    Api api = Api.at("http://127.0.0.1:" + port);

    LedgerAgent.register(api, dir, ledger, "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT", "2");
    launch("worker", List.of("worker", "--bootstrap", bootstrap, "--topic-prefix", topics.prefix(), "--worker-id",
        "worker-a")).awaitFirstLine();

    HttpResponse<String> accepted = api.send("POST", "/v1/invocations?waitMs=0", BODY);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    awaitLedgerLines(ledger, 1, Duration.ofSeconds(30));
    assertThat(intentKeys(kafka, topics)).as("the intent kept out of its topic").doesNotContain("lost-1");
    first.kill();
    deleteRecursively(stateDir);

    Launched second = launch("coordinator-2", coordinator);
    second.awaitFirstLine();
    JsonNode result = api.awaitStatus("GET", "/v1/invocations/lost-1?waitMs=30000", null, 200,
        Duration.ofSeconds(60));
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    assertThat(result.path("outcomes").get(0).path("output").asText().strip()).isEqualTo("lost-1/0");
    assertThat(Files.readAllLines(second.log())).as("the coordinator's log")
        .anyMatch(l -> l.contains("invocation lost-1 restored from its task's envelope"));
    assertThat(intentKeys(kafka, topics)).as("the intent written again").contains("lost-1");

    JsonNode replay = api.call("POST", "/v1/invocations?waitMs=30000", BODY, 200);
    assertThat(replay.path("outcomes").get(0).path("replayed").asBoolean()).as(replay.toString()).isTrue();
    Thread.sleep(1000); // a second run would show up here
    assertThat(Files.readAllLines(ledger)).as("the agent's runs").containsExactly("lost-1/0 1");
  }

  private Launched launch(String name, List<String> args, String... more) throws Exception {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  /** The keys of every record in the invocations topic. */
  private static List<String> intentKeys(TestKafka kafka, Topics topics) {
    return kafka.records(topics.invocations(), 0).stream().map(ConsumerRecord::key).toList();
  }

  private static void awaitLedgerLines(Path ledger, int count, Duration within) throws Exception {
    long end = System.nanoTime() + within.toNanos();
    while (Files.readAllLines(ledger).size() < count) {
      assertThat(System.nanoTime()).as("ledger lines").isLessThan(end);
      Thread.sleep(20);
    }
  }

  private static void deleteRecursively(Path path) throws Exception {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
