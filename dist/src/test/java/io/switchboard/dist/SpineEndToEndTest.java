package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine as a user deploys it: a coordinator process and three worker processes (two on the default
 * runner, one on runner "gpu") against a real broker, driven only through the HTTP API.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class SpineEndToEndTest {

  private Path dir;

  private final List<Launched> processes = new ArrayList<>();
  private Api api;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    dir = tempDir;
    Topics topics = kafka.freshTopics();
    String[] common = {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    Launched coordinator = launch("coordinator", common, "--port", "0", "--state-dir", dir.resolve("state").toString());
    api = Api.at(coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip());
    api.putAgent("{\"name\":\"gpuecho\",\"kind\":\"echo\",\"runner\":\"gpu\"}");
    // the runner topics exist before the workers start: the coordinator made them for the agents' runners
    api.call("POST", "/v1/invocations?waitMs=0", "{\"join\":\"detached\",\"targets\":[{\"agent\":\"gpuecho\",\"prompt\":\"warm\"}]}", 202);
    launch("worker-a", common, "--worker-id", "worker-a", "--concurrency", "4").awaitFirstLine();
    launch("worker-b", common, "--worker-id", "worker-b", "--concurrency", "4").awaitFirstLine();
    launch("worker-gpu", common, "--worker-id", "worker-gpu", "--runner", "gpu").awaitFirstLine();

    api.putAgent("{\"name\":\"fast\",\"kind\":\"echo\"}");
    api.putAgent("{\"name\":\"slow\",\"kind\":\"echo\",\"delayMs\":300}");
    Path script = script("interval.sh", """
        #!/bin/sh
        # records when this task ran, as the agent itself sees it
        start=$(date +%s%N)
        cat > /dev/null
        sleep 0.3
        echo "$start $(date +%s%N)" > "$INTERVAL_DIR/$(echo "$SWITCHBOARD_TASK_KEY" | tr / _)"
        echo ran
        """);
    Files.createDirectories(dir.resolve("intervals"));
    api.putAgent("{\"name\":\"interval\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"INTERVAL_DIR\":\""
        + dir.resolve("intervals") + "\"}}");
  }

  private Launched launch(String name, String[] common, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(name.startsWith("worker") ? "worker" : name);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  @AfterAll
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
  }

  @Test
  void shouldKeepInputOrderWithMixedAgentSpeeds() throws Exception {
    String targets = String.join(",", IntStream.range(0, 12).mapToObj(i ->
        "{\"agent\":\"" + (i % 3 == 0 ? "slow" : "fast") + "\",\"prompt\":\"m" + i + "\"}").toList());
    JsonNode result = api.submit("{\"targets\":[" + targets + "]}");
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(outputs(result)).containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void shouldShareTheWorkBetweenTwoWorkerProcessesAndKeepRunnersApart() throws Exception {
    String targets = String.join(",", IntStream.range(0, 24).mapToObj(i -> "{\"agent\":\"slow\",\"prompt\":\"s" + i + "\"}").toList());
    JsonNode shared = api.submit("{\"workflowId\":\"shared-work\",\"targets\":[" + targets + "]}");
    Set<String> defaultWorkers = workersOf("shared-work", 24);
    assertThat(defaultWorkers).containsExactlyInAnyOrder("worker-a", "worker-b");
    assertThat(shared.path("status").asText()).isEqualTo("succeeded");

    String gpu = String.join(",", IntStream.range(0, 6).mapToObj(i -> "{\"agent\":\"gpuecho\",\"prompt\":\"g" + i + "\"}").toList());
    api.submit("{\"workflowId\":\"gpu-work\",\"targets\":[" + gpu + "]}");
    assertThat(workersOf("gpu-work", 6)).containsExactly("worker-gpu");
  }

  @Test
  void shouldNeverRunMoreThanMaxParallelAtOnceAsTheAgentSeesIt() throws Exception {
    String targets = String.join(",", IntStream.range(0, 9).mapToObj(i -> "{\"agent\":\"interval\",\"prompt\":\"i\"}").toList());
    JsonNode result = api.submit("{\"workflowId\":\"bounded\",\"maxParallel\":3,\"targets\":[" + targets + "]}");
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    List<long[]> intervals = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String[] parts = Files.readString(dir.resolve("intervals").resolve("bounded_" + i)).strip().split(" ");
      intervals.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
    }
    int maxOverlap = 0;
    for (long[] a : intervals) {
      int overlapping = 0;
      for (long[] b : intervals) {
        if (b[0] <= a[0] && a[0] < b[1]) {
          overlapping++;
        }
      }
      maxOverlap = Math.max(maxOverlap, overlapping);
    }
    assertThat(maxOverlap).isBetween(2, 3); // the window is used, and never exceeded
  }

  @Test
  void shouldJoinTenThousandTargetsInInputOrder() throws Exception {
    String pad = "x".repeat(290);
    String targets = String.join(",", IntStream.range(0, 10_000)
        .mapToObj(i -> "{\"agent\":\"fast\",\"prompt\":\"" + pad + String.format("%010d", i) + "\"}").toList());
    JsonNode result = api.submit("{\"targets\":[" + targets + "]}");
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    List<String> outputs = outputs(result);
    assertThat(outputs).hasSize(10_000);
    for (int i = 0; i < outputs.size(); i++) {
      assertThat(outputs.get(i)).endsWith(String.format("%010d", i));
    }
  }

  @Test
  void shouldRunCommandAgentsEndToEndWithExitCodesAndCancel() throws Exception {
    Path script = script("modes.sh", """
        #!/bin/sh
        task=$(cat)
        case "$task" in
          *'"prompt":"ok"'*) echo "key=$SWITCHBOARD_TASK_KEY attempt=$SWITCHBOARD_ATTEMPT tools=$SWITCHBOARD_TOOLS" ;;
          *'"prompt":"broken"'*) echo "something broke" >&2; exit 3 ;;
          *'"prompt":"busy"'*) echo "try later" >&2; exit 75 ;;
          *'"prompt":"hang"'*)
            sleep 300 & echo $! > "$PID_DIR/child"
            sh -c 'sleep 300' & echo $! > "$PID_DIR/grandchild"
            echo $$ > "$PID_DIR/agent"
            wait ;;
        esac
        """);
    Path pids = Files.createDirectories(dir.resolve("pids"));
    api.putAgent("{\"name\":\"modes\",\"kind\":\"command\",\"tools\":[\"read\",\"grep\"],\"command\":[\""
        + script + "\"],\"env\":{\"PID_DIR\":\"" + pids + "\"}}");

    JsonNode result = api.call("POST", "/v1/invocations?waitMs=60000", "{\"workflowId\":\"modes\",\"targets\":["
        + "{\"agent\":\"modes\",\"prompt\":\"ok\"},{\"agent\":\"modes\",\"prompt\":\"broken\"},"
        + "{\"agent\":\"modes\",\"prompt\":\"busy\"}]}", 200);
    JsonNode outcomes = result.path("outcomes");
    assertThat(outcomes.get(0).path("output").asText().strip()).isEqualTo("key=modes/0 attempt=1 tools=read,grep");
    assertThat(outcomes.get(1).path("error").path("code").asText()).isEqualTo("agent_error");
    assertThat(outcomes.get(1).path("error").path("message").asText()).contains("exit 3").contains("something broke");
    assertThat(outcomes.get(2).path("error").path("code").asText()).isEqualTo("transient");

    api.call("POST", "/v1/invocations?waitMs=0", "{\"workflowId\":\"hang\",\"targets\":[{\"agent\":\"modes\","
        + "\"prompt\":\"hang\"}]}", 202);
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.exists(pids.resolve("agent")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    List<Long> tree = new ArrayList<>();
    for (String name : List.of("agent", "child", "grandchild")) {
      tree.add(Long.parseLong(Files.readString(pids.resolve(name)).strip()));
    }
    assertThat(tree).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    api.call("POST", "/v1/tasks/hang/0/cancel", null, 202);
    JsonNode cancelled = api.call("GET", "/v1/invocations/hang?waitMs=60000", null, 200);
    assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    // the worker kills the tree when the cancel reaches it, which may be just after the outcome is recorded
    long killedBy = System.currentTimeMillis() + 15_000;
    while (tree.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        && System.currentTimeMillis() < killedBy) {
      Thread.sleep(100);
    }
    assertThat(tree).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  private Set<String> workersOf(String invocationId, int count) throws Exception {
    Set<String> workers = new HashSet<>();
    for (int i = 0; i < count; i++) {
      workers.add(api.call("GET", "/v1/tasks/" + invocationId + "/" + i, null, 200).path("worker").asText());
    }
    return workers;
  }

  private Path script(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static List<String> outputs(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.path("outcomes").forEach(o -> out.add(o.path("output").asText().strip()));
    return out;
  }
}
