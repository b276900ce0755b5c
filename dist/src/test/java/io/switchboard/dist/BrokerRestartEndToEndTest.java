package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.config.BrokerConfig;
import io.switchboard.common.json.Json;
import io.switchboard.devkit.ChildProcessBroker;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker SIGKILLed under a running coordinator and worker (separate processes) and started
 * again on the same port and data: what was finished stays readable, and both processes reconnect by
 * themselves, so a join submitted after the restart completes.
 */
@Timeout(240)
class BrokerRestartEndToEndTest {

  private final List<Launched> processes = new ArrayList<>();
  private ChildProcessBroker broker;
  private Path dir;

  @AfterEach
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
    if (broker != null) {
      broker.close();
      java.nio.file.Files.copy(dir.resolve("kafka.log"), dir.resolve("logs").resolve("kafka.log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  void shouldKeepResultsAndServeNewJoinsAfterTheBrokerIsKilledAndRestarted(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    broker = ChildProcessBroker.start(new BrokerConfig("127.0.0.1", 0, dir.resolve("kafka"), Duration.ofSeconds(1)));
    String[] common = {"--bootstrap", broker.bootstrap(), "--topic-prefix", "restart"};
    Launched coordinator = launch("coordinator", "coordinator", common, "--port", "0", "--state-dir",
        dir.resolve("state").toString());
    Api api = Api.at(coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip());
    api.putAgent("{\"name\":\"echo\",\"kind\":\"echo\",\"delayMs\":100}");
    launch("worker", "worker", common, "--worker-id", "worker-1", "--concurrency", "4").awaitFirstLine();

    JsonNode before = api.submit(join("before-restart", 12));
    assertThat(before.path("status").asText()).as(before.toString()).isEqualTo("succeeded");
    assertThat(outputs(before)).containsExactlyElementsOf(prompts("before-restart", 12));

    broker.kill();
    long restarting = System.nanoTime();
    broker.restart();
    long brokerMs = millisSince(restarting);

    JsonNode readable = api.awaitStatus("GET", "/v1/invocations/before-restart?waitMs=0", null, 200,
        Duration.ofSeconds(30));
    assertThat(readable.path("status").asText()).isEqualTo("succeeded");
    assertThat(readable.path("outcomes")).isEqualTo(before.path("outcomes"));

    // submitted after the restart: retried while the coordinator answers 503 or not at all
    String body = join("after-restart", 12);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int tries = 0;
    String last = "";
    HttpResponse<String> accepted = null;
    while (System.nanoTime() < end) {
      tries++;
      try {
        HttpResponse<String> response = api.send("POST", "/v1/invocations?waitMs=0", body);
        if (response.statusCode() == 200 || response.statusCode() == 202) {
          accepted = response;
          break;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        last = response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    assertThat(accepted).as("accepted within 60 s of the broker restart; last answer: %s", last).isNotNull();
    long acceptedMs = millisSince(restarting);
    JsonNode after = accepted.statusCode() == 200 ? Json.mapper().readTree(accepted.body())
        : api.awaitStatus("GET", "/v1/invocations/after-restart?waitMs=30000", null, 200, Duration.ofSeconds(90));
    long doneMs = millisSince(restarting);
    System.out.printf("broker restart: broker ready %d ms after the kill; new join accepted after %d ms (%d tries), "
        + "complete after %d ms%n", brokerMs, acceptedMs, tries, doneMs);
    assertThat(after.path("status").asText()).as(after.toString()).isEqualTo("succeeded");
    assertThat(outputs(after)).containsExactlyElementsOf(prompts("after-restart", 12));
    assertThat(api.call("GET", "/readyz", null, 200).path("state").asText()).isEqualTo("running");
  }

  private static String join(String workflowId, int n) {
    String targets = prompts(workflowId, n).stream().map(p -> "{\"agent\":\"echo\",\"prompt\":\"" + p + "\"}")
        .collect(Collectors.joining(","));
    return "{\"workflowId\":\"" + workflowId + "\",\"targets\":[" + targets + "]}";
  }

  private static List<String> prompts(String workflowId, int n) {
    return IntStream.range(0, n).mapToObj(i -> workflowId + "-" + i).toList();
  }

  private static List<String> outputs(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.path("outcomes").forEach(o -> out.add(o.path("output").asText()));
    return out;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private Launched launch(String name, String command, String[] common, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }
}
