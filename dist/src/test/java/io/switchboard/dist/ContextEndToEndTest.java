package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contexts as a user sees them: a coordinator process and a worker process; a parent command agent that
 * appends to its own context through the coordinator ({@code SWITCHBOARD_URL}) and children, command
 * agents that print the task JSON they read on stdin, spawned under each scope.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class ContextEndToEndTest {

  private Path dir;
  private final List<Launched> processes = new ArrayList<>();
  private Api api;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    dir = tempDir;
    Topics topics = kafka.freshTopics();
    String[] common = {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    Launched coordinator = launch("coordinator", common, "--port", "0", "--state-dir",
        dir.resolve("state").toString());
    String url = coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip();
    api = Api.at(url);
    launch("worker", common, "--worker-id", "worker-ctx", "--concurrency", "4", "--coordinator-url", url)
        .awaitFirstLine();
    Path holder = script("holder.sh", """
        #!/bin/sh
        cat > /dev/null
        curl -sf -X POST "$SWITCHBOARD_URL/v1/contexts/$SWITCHBOARD_TASK_KEY/entries" \\
          -H 'Content-Type: application/json' \\
          -d "{\\"content\\":\\"parent says hi\\",\\"author\\":\\"$SWITCHBOARD_TASK_KEY\\"}" > /dev/null || exit 75
        while [ ! -f "$RELEASE" ]; do sleep 0.1; done
        echo done
        """);
    api.putAgent("{\"name\":\"holder\",\"kind\":\"command\",\"command\":[\"" + holder + "\"],\"env\":{\"RELEASE\":\""
        + dir.resolve("release") + "\"}}");
    api.putAgent("{\"name\":\"show\",\"kind\":\"command\",\"command\":[\"cat\"]}");
  }

  @AfterAll
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
  }

  @Test
  void shouldHandEachChildItsContextOnStdinUnderEveryScope() throws Exception {
    api.call("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"lead\",\"join\":\"detached\",\"targets\":[{\"agent\":\"holder\",\"prompt\":\"hold on\"}]}",
        202);
    awaitContents("lead/0", List.of("hold on", "parent says hi")); // the agent appended through the coordinator

    JsonNode inherited = stdinContext(child("inh", "inherited", "inherited child"));
    assertThat(inherited.path("scope").asText()).isEqualTo("inherited");
    assertThat(inherited.path("id").asText()).isEqualTo("inh/0");
    assertThat(contents(inherited)).containsExactly("hold on", "parent says hi", "inherited child");

    JsonNode independent = stdinContext(child("ind", "independent", "independent child"));
    assertThat(independent.path("id").asText()).isEqualTo("ind/0");
    assertThat(contents(independent)).containsExactly("independent child");

    JsonNode first = stdinContext(child("s1", "shared", "first sibling"));
    assertThat(first.path("scope").asText()).isEqualTo("shared");
    assertThat(first.path("id").asText()).isEqualTo("lead/0");
    assertThat(contents(first)).containsExactly("hold on", "parent says hi");
    // the first sibling's output is in the shared context, so the second sees it
    JsonNode second = stdinContext(child("s2", "shared", "second sibling"));
    List<JsonNode> entries = new ArrayList<>();
    second.path("entries").forEach(entries::add);
    assertThat(entries).hasSize(3);
    assertThat(entries.get(2).path("kind").asText()).isEqualTo("output");
    assertThat(entries.get(2).path("author").asText()).isEqualTo("s1/0");
    assertThat(Json.mapper().readTree(entries.get(2).path("content").asText()).path("prompt").asText())
        .isEqualTo("first sibling");

    Files.writeString(dir.resolve("release"), "go");
    JsonNode lead = api.call("GET", "/v1/invocations/lead?waitMs=60000", null, 200);
    assertThat(lead.path("status").asText()).isEqualTo("succeeded");
    assertThat(api.call("GET", "/v1/contexts/lead/0", null, 200).path("open").asBoolean()).isFalse();
  }

  /** Submits one {@code show} child of the lead under {@code scope} and waits for its output. */
  private JsonNode child(String id, String scope, String prompt) throws Exception {
    JsonNode result = api.call("POST", "/v1/invocations?waitMs=60000", "{\"workflowId\":\"" + id
        + "\",\"context\":\"" + scope + "\",\"parentTaskId\":\"lead/0\",\"targets\":[{\"agent\":\"show\","
        + "\"prompt\":\"" + prompt + "\"}]}", 200);
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    return Json.mapper().readTree(result.path("outcomes").get(0).path("output").asText());
  }

  private static JsonNode stdinContext(JsonNode taskJson) {
    return taskJson.path("context");
  }

  private static List<String> contents(JsonNode context) {
    List<String> out = new ArrayList<>();
    context.path("entries").forEach(e -> out.add(e.path("content").asText()));
    return out;
  }

  private void awaitContents(String key, List<String> expected) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    List<String> seen = List.of();
    while (System.nanoTime() < end) {
      JsonNode view = api.send("GET", "/v1/contexts/" + key, null).statusCode() == 200
          ? api.call("GET", "/v1/contexts/" + key, null, 200) : null;
      seen = view == null ? List.of() : contents(view);
      if (seen.equals(expected)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(key + " shows " + seen + ", expected " + expected);
  }

  private Launched launch(String name, String[] common, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(name);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  private Path script(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
