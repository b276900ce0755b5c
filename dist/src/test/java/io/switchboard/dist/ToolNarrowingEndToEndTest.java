package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * Inherit-and-restrict over three levels, as the agent process itself sees it: a command agent records
 * {@code SWITCHBOARD_TOOLS} and the {@code tools} of the task JSON on its stdin. Root [a, b, c] → child
 * {@code only [a, b]} (run by the local executor) → grandchild {@code only [a]} (run by a remote worker);
 * a grandchild asking for {@code c} is 422 {@code tool_not_inherited}, and nothing of it runs.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ToolNarrowingEndToEndTest {

  private InJvmCluster cluster;
  private Api api;
  private Path seen;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path dir) throws Exception {
    cluster = new InJvmCluster(kafka, dir);
    api = cluster.api;
    seen = Files.createDirectories(dir.resolve("seen"));
    Path script = dir.resolve("tools.sh");
    Files.writeString(script, """
        #!/bin/sh
        name=$(echo "$SWITCHBOARD_TASK_KEY" | tr / _)
        cat > "$SEEN/$name.json"
        printf '%s' "$SWITCHBOARD_TOOLS" > "$SEEN/$name.env"
        echo "$SWITCHBOARD_TOOLS"
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    api.putAgent("{\"name\":\"toolbox\",\"kind\":\"command\",\"runtimes\":[\"remote\",\"local\"],"
        + "\"tools\":[\"a\",\"b\",\"c\"],\"command\":[\"" + script + "\"],\"env\":{\"SEEN\":\"" + seen + "\"}}");
    cluster.awaitRemoteWorkerLive();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldNarrowToolsDownThreeLevelsAndHandTheAgentOnlyTheAllowedSet() throws Exception {
    succeed("{\"workflowId\":\"root\",\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"root\"}]}");
    assertSaw("root_0", "a,b,c", List.of("a", "b", "c"));

    succeed("{\"workflowId\":\"child\",\"parentTaskId\":\"root/0\",\"executor\":{\"hint\":\"local\"},"
        + "\"tools\":{\"mode\":\"only\",\"names\":[\"a\",\"b\"]},\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"c\"}]}");
    assertSaw("child_0", "a,b", List.of("a", "b"));
    assertThat(api.call("GET", "/v1/tasks/child/0", null, 200).path("executor").asText()).isEqualTo("local");

    succeed("{\"workflowId\":\"grandchild\",\"parentTaskId\":\"child/0\",\"executor\":{\"hint\":\"remote\"},"
        + "\"tools\":{\"mode\":\"only\",\"names\":[\"a\"]},\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"g\"}]}");
    assertSaw("grandchild_0", "a", List.of("a"));
    assertThat(api.call("GET", "/v1/tasks/grandchild/0", null, 200).path("executor").asText()).isEqualTo("remote");

    // inherit keeps the narrowed set one level further; none empties it
    succeed("{\"workflowId\":\"heir\",\"parentTaskId\":\"grandchild/0\",\"targets\":[{\"agent\":\"toolbox\","
        + "\"prompt\":\"h\"}]}");
    assertSaw("heir_0", "a", List.of("a"));
    succeed("{\"workflowId\":\"bare\",\"parentTaskId\":\"grandchild/0\",\"tools\":{\"mode\":\"none\"},"
        + "\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"n\"}]}");
    assertSaw("bare_0", "", List.of());
  }

  @Test
  void shouldRefuseAToolTheParentLacksNamingIt() throws Exception {
    succeed("{\"workflowId\":\"top\",\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"t\"}]}");
    succeed("{\"workflowId\":\"mid\",\"parentTaskId\":\"top/0\",\"tools\":{\"mode\":\"only\",\"names\":[\"a\",\"b\"]},"
        + "\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"m\"}]}");
    JsonNode error = api.call("POST", "/v1/invocations", "{\"workflowId\":\"wide\",\"parentTaskId\":\"mid/0\","
        + "\"tools\":{\"mode\":\"only\",\"names\":[\"c\"]},\"targets\":[{\"agent\":\"toolbox\",\"prompt\":\"w\"}]}", 422)
        .path("error");
    assertThat(error.path("code").asText()).isEqualTo("tool_not_inherited");
    assertThat(error.path("field").asText()).isEqualTo("tools.names[0]");
    assertThat(error.path("message").asText()).contains("'c'").contains("[a, b]");
    api.call("GET", "/v1/invocations/wide", null, 404);
    assertThat(seen.resolve("wide_0.env")).doesNotExist();
  }

  private void succeed(String body) throws Exception {
    JsonNode result = api.submit(body);
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
  }

  /** What the agent of {@code name} received: its SWITCHBOARD_TOOLS, and the tools of its task JSON. */
  private void assertSaw(String name, String env, List<String> json) throws Exception {
    assertThat(Files.readString(seen.resolve(name + ".env"))).as("SWITCHBOARD_TOOLS of " + name).isEqualTo(env);
    JsonNode task = Json.mapper().readTree(Files.readString(seen.resolve(name + ".json")));
    List<String> tools = new ArrayList<>();
    task.path("tools").forEach(t -> tools.add(t.asText()));
    assertThat(tools).as("tools in the task JSON of " + name).containsExactlyElementsOf(json);
  }
}
