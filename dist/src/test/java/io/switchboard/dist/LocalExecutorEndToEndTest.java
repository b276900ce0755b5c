package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor axis through the HTTP API of a real coordinator with its local executor and a remote worker:
 * a local task runs inside the coordinator and is journaled, replayed and cancelled like a remote one;
 * {@code auto} picks remote when the runner is served, else local; what cannot run anywhere is 422.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class LocalExecutorEndToEndTest {

  private InJvmCluster cluster;
  private Api api;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path dir) throws Exception {
    cluster = new InJvmCluster(kafka, dir);
    api = cluster.api;
    api.putAgent("{\"name\":\"here\",\"kind\":\"echo\",\"runtimes\":[\"local\"]}");
    api.putAgent("{\"name\":\"there\",\"kind\":\"echo\"}");
    api.putAgent("{\"name\":\"either\",\"kind\":\"echo\",\"runtimes\":[\"local\",\"remote\"]}");
    api.putAgent("{\"name\":\"unserved\",\"kind\":\"echo\",\"runtimes\":[\"remote\",\"local\"],\"runner\":\"nobody\"}");
    api.putAgent("{\"name\":\"sleepy\",\"kind\":\"echo\",\"delayMs\":120000,\"runtimes\":[\"local\"]}");
    cluster.awaitRemoteWorkerLive();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldRunALocalTaskInsideTheCoordinatorAndJournalItLikeARemoteOne() throws Exception {
    String body = "{\"workflowId\":\"mixed\",\"targets\":[{\"agent\":\"here\",\"prompt\":\"in here\"},"
        + "{\"agent\":\"there\",\"prompt\":\"over there\"}]}";
    JsonNode result = api.submit(body);
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    JsonNode local = result.path("outcomes").get(0);
    JsonNode remote = result.path("outcomes").get(1);
    assertThat(local.path("output").asText()).isEqualTo("in here");
    assertThat(remote.path("output").asText()).isEqualTo("over there");
    for (JsonNode outcome : result.path("outcomes")) {
      assertThat(outcome.path("success").asBoolean()).isTrue();
      assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
      assertThat(outcome.path("replayed").asBoolean()).isFalse();
    }

    JsonNode localTask = api.call("GET", "/v1/tasks/mixed/0", null, 200);
    assertThat(localTask.path("executor").asText()).isEqualTo("local");
    assertThat(localTask.path("runner").isNull()).as(localTask.toString()).isTrue();
    assertThat(localTask.path("worker").asText()).startsWith("local-");
    assertThat(localTask.path("status").asText()).isEqualTo("succeeded");
    JsonNode remoteTask = api.call("GET", "/v1/tasks/mixed/1", null, 200);
    assertThat(remoteTask.path("executor").asText()).isEqualTo("remote");
    assertThat(remoteTask.path("runner").asText()).isEqualTo("default");
    assertThat(remoteTask.path("worker").asText()).isEqualTo(InJvmCluster.WORKER_ID);

    // journaled like a remote task: its envelope in the local route's topic, its result in the results topic
    assertThat(cluster.keysOf(cluster.topics.tasks("local"))).contains("mixed/0").doesNotContain("mixed/1");
    assertThat(cluster.keysOf(cluster.topics.tasks("default"))).contains("mixed/1").doesNotContain("mixed/0");
    assertThat(cluster.keysOf(cluster.topics.results())).contains("mixed/0", "mixed/1");

    // and replayed from the journal like one
    JsonNode replay = api.submit(body);
    assertThat(replay.path("outcomes")).allSatisfy(o -> assertThat(o.path("replayed").asBoolean()).isTrue());
    assertThat(replay.path("outcomes").get(0).path("output").asText()).isEqualTo("in here");
  }

  @Test
  void shouldPickRemoteForAutoWhenTheRunnerIsServedElseLocal() throws Exception {
    JsonNode result = api.submit("{\"workflowId\":\"auto\",\"targets\":[{\"agent\":\"either\",\"prompt\":\"a\"},"
        + "{\"agent\":\"unserved\",\"prompt\":\"b\"}]}");
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    assertThat(api.call("GET", "/v1/tasks/auto/0", null, 200).path("executor").asText()).isEqualTo("remote");
    assertThat(api.call("GET", "/v1/tasks/auto/1", null, 200).path("executor").asText()).isEqualTo("local");

    JsonNode hinted = api.submit("{\"workflowId\":\"hinted\",\"executor\":{\"hint\":\"local\"},"
        + "\"targets\":[{\"agent\":\"either\",\"prompt\":\"c\"}]}");
    assertThat(hinted.path("outcomes").get(0).path("output").asText()).isEqualTo("c");
    assertThat(api.call("GET", "/v1/tasks/hinted/0", null, 200).path("executor").asText()).isEqualTo("local");
  }

  @Test
  void shouldRefuseWhatNoExecutorCanRunWith422NamingTheField() throws Exception {
    JsonNode unserved = api.call("POST", "/v1/invocations", "{\"executor\":{\"hint\":\"remote\",\"runner\":\"gpu\"},"
        + "\"targets\":[{\"agent\":\"there\",\"prompt\":\"x\"}]}", 422).path("error");
    assertThat(unserved.path("code").asText()).isEqualTo("no_executor");
    assertThat(unserved.path("field").asText()).isEqualTo("executor.runner");
    assertThat(unserved.path("message").asText()).contains("runner 'gpu'").contains("runners served: [default]");

    JsonNode localOnly = api.call("POST", "/v1/invocations", "{\"executor\":{\"hint\":\"remote\"},"
        + "\"targets\":[{\"agent\":\"there\",\"prompt\":\"x\"},{\"agent\":\"here\",\"prompt\":\"y\"}]}", 422)
        .path("error");
    assertThat(localOnly.path("code").asText()).isEqualTo("no_executor");
    assertThat(localOnly.path("field").asText()).isEqualTo("executor.hint");
    assertThat(localOnly.path("message").asText()).contains("targets[1]").contains("allows [local]; hint remote");

    JsonNode reserved = api.call("POST", "/v1/invocations", "{\"executor\":{\"runner\":\"local\"},"
        + "\"targets\":[{\"agent\":\"there\",\"prompt\":\"x\"}]}", 422).path("error");
    assertThat(reserved.path("field").asText()).isEqualTo("executor.runner");
    JsonNode reservedAgent = api.call("PUT", "/v1/agents/sneaky",
        "{\"name\":\"sneaky\",\"kind\":\"echo\",\"runner\":\"local\"}", 422).path("error");
    assertThat(reservedAgent.path("field").asText()).isEqualTo("runner");
  }

  @Test
  void shouldCancelARunningLocalTaskLikeARemoteOne() throws Exception {
    api.call("POST", "/v1/invocations?waitMs=0", "{\"workflowId\":\"nap\",\"targets\":[{\"agent\":\"sleepy\","
        + "\"prompt\":\"zz\"}]}", 202);
    api.awaitStatus("GET", "/v1/tasks?agent=sleepy&status=running", null, 200, Duration.ofSeconds(30));
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!api.call("GET", "/v1/tasks/nap/0", null, 200).path("status").asText().equals("running")) {
      assertThat(System.nanoTime()).as("nap/0 running").isLessThan(end);
      Thread.sleep(50);
    }
    api.call("POST", "/v1/tasks/nap/0/cancel", null, 202);
    JsonNode cancelled = api.call("GET", "/v1/invocations/nap?waitMs=30000", null, 200);
    assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.path("outcomes").get(0).path("error").path("code").asText()).isEqualTo("cancelled");
    JsonNode task = api.call("GET", "/v1/tasks/nap/0", null, 200);
    assertThat(task.path("executor").asText()).isEqualTo("local");
    assertThat(task.path("worker").asText()).startsWith("local-");
  }
}
