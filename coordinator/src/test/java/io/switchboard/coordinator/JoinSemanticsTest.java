package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Joins as api.md defines them, over the real broker, with a responder that answers in reverse order. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class JoinSemanticsTest {

  private final TestKafka kafka;
  private CoordinatorFixture fx;
  private Responder responder;

  JoinSemanticsTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @BeforeEach
  void start() throws Exception {
    fx = new CoordinatorFixture(kafka);
    fx.putEchoAgent("echo");
  }

  @AfterEach
  void stop() throws Exception {
    if (responder != null) {
      responder.close();
    }
    fx.close();
  }

  private void respond(int batch) {
    responder = new Responder(new KafkaClients(fx.kafka), fx.topics, batch);
  }

  @Test
  void shouldAnswerSingleJoinWithItsOutcome() throws Exception {
    respond(1);
    JsonNode result = json(fx.post("/v1/invocations?waitMs=30000",
        "{\"targets\":[{\"taskId\":\"only\",\"agent\":\"echo\",\"prompt\":\"hello\"}]}"), 200);
    assertThat(result.path("join").asText()).isEqualTo("single");
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    JsonNode outcome = result.path("outcomes").get(0);
    assertThat(outcome.path("key").asText()).endsWith("/only");
    assertThat(outcome.path("success").asBoolean()).isTrue();
    assertThat(outcome.path("output").asText()).isEqualTo("hello");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
    assertThat(outcome.path("replayed").asBoolean()).isFalse();
    assertThat(outcome.has("error")).isTrue();
  }

  @Test
  void shouldKeepInputOrderWhenResultsArriveInReverse() throws Exception {
    respond(6);
    JsonNode result = json(fx.post("/v1/invocations", targets(6, "p")), 200);
    assertThat(result.path("join").asText()).isEqualTo("all");
    assertThat(outputs(result)).containsExactly("p0", "p1", "p2", "p3", "p4", "p5");
    assertThat(result.path("progress").path("done").asInt()).isEqualTo(6);
  }

  @Test
  void shouldNeverHaveMoreThanMaxParallelTasksOut() throws Exception {
    respond(100); // holds everything it gets until none came for 300 ms
    String body = "{\"maxParallel\":2," + targets(7, "m").substring(1);
    JsonNode result = json(fx.post("/v1/invocations", body), 200);
    assertThat(outputs(result)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    assertThat(responder.maxHeld.get()).isEqualTo(2);
    assertThat(responder.received.get()).isEqualTo(7);
  }

  @Test
  void shouldAnswerDetachedAtOnceAndKeepResultsQueryable() throws Exception {
    respond(1);
    HttpResponse<String> response = fx.post("/v1/invocations?waitMs=30000",
        "{\"join\":\"detached\",\"workflowId\":\"detached-1\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"later\"}]}");
    JsonNode accepted = json(response, 202);
    assertThat(accepted.path("status").asText()).isEqualTo("running");
    assertThat(accepted.has("outcomes")).isFalse();
    assertThat(response.headers().firstValue("Location")).contains("/v1/invocations/detached-1");
    JsonNode done = json(fx.get("/v1/invocations/detached-1?waitMs=30000"), 200);
    assertThat(outputs(done)).containsExactly("later");
    JsonNode task = json(fx.get("/v1/tasks/detached-1/0"), 200);
    assertThat(task.path("status").asText()).isEqualTo("succeeded");
    assertThat(task.path("outcome").path("output").asText()).isEqualTo("later");
  }

  @Test
  void shouldAnswer202WithWaitZeroThenCompleteOnGet() throws Exception {
    respond(3);
    JsonNode running = json(fx.post("/v1/invocations?waitMs=0", targets(3, "w")), 202);
    String id = running.path("invocationId").asText();
    assertThat(running.path("tasks")).hasSize(3);
    JsonNode done = json(fx.get("/v1/invocations/" + id + "?waitMs=30000"), 200);
    assertThat(outputs(done)).containsExactly("w0", "w1", "w2");
  }

  @Test
  void shouldReplayFinishedStepsOnResubmitAndRefuseChangedStep() throws Exception {
    respond(2);
    String body = "{\"workflowId\":\"wf-replay\"," + targets(2, "r").substring(1);
    JsonNode first = json(fx.post("/v1/invocations", body), 200);
    assertThat(first.path("outcomes").get(0).path("replayed").asBoolean()).isFalse();
    int received = responder.received.get();

    JsonNode again = json(fx.post("/v1/invocations", body), 200);
    assertThat(outputs(again)).containsExactly("r0", "r1");
    assertThat(again.path("outcomes").findValuesAsText("replayed")).containsOnly("true");
    assertThat(responder.received.get()).isEqualTo(received); // nothing ran again

    String changed = body.replace("\"r1\"", "\"r1-changed\"");
    JsonNode conflict = json(fx.post("/v1/invocations", changed), 409).path("error");
    assertThat(conflict.path("code").asText()).isEqualTo("conflict");
    assertThat(conflict.path("taskId").asText()).isEqualTo("1");
  }

  @Test
  void shouldCancelSiblingsOnFailFast() throws Exception {
    respond(1);
    responder.pause(true);
    String body = "{\"failFast\":true,\"maxParallel\":1,\"targets\":[{\"agent\":\"echo\",\"prompt\":\"fail-first\"},"
        + "{\"agent\":\"echo\",\"prompt\":\"never\"},{\"agent\":\"echo\",\"prompt\":\"never-either\"}]}";
    JsonNode running = json(fx.post("/v1/invocations?waitMs=0", body), 202);
    responder.pause(false);
    JsonNode done = json(fx.get("/v1/invocations/" + running.path("invocationId").asText() + "?waitMs=30000"), 200);
    assertThat(done.path("status").asText()).isEqualTo("failed");
    JsonNode outcomes = done.path("outcomes");
    assertThat(outcomes.get(0).path("error").path("code").asText()).isEqualTo("agent_error");
    assertThat(outcomes.get(1).path("error").path("code").asText()).isEqualTo("cancelled");
    assertThat(outcomes.get(2).path("error").path("code").asText()).isEqualTo("cancelled");
    // the siblings were never dispatched (a redelivery of the failed task itself may happen)
    assertThat(responder.receivedKeys).containsExactly(running.path("invocationId").asText() + "/0");
  }

  @Test
  void shouldCancelQueuedAndDispatchedTasksAndRefuseCancelOfFinished() throws Exception {
    respond(1);
    responder.pause(true);
    JsonNode running = json(fx.post("/v1/invocations?waitMs=0",
        "{\"workflowId\":\"wf-cancel\",\"maxParallel\":1," + targets(2, "c").substring(1)), 202);
    assertThat(running.path("invocationId").asText()).isEqualTo("wf-cancel");
    awaitStatus("wf-cancel/0", "running");
    assertThat(fx.post("/v1/tasks/wf-cancel/1/cancel", "").statusCode()).isEqualTo(202); // queued in the window
    assertThat(fx.post("/v1/tasks/wf-cancel/0/cancel", "").statusCode()).isEqualTo(202); // running
    JsonNode done = json(fx.get("/v1/invocations/wf-cancel?waitMs=30000"), 200);
    assertThat(done.path("status").asText()).isEqualTo("cancelled");
    assertThat(done.path("outcomes").findValuesAsText("code")).containsOnly("cancelled");
    assertThat(json(fx.post("/v1/tasks/wf-cancel/1/cancel", ""), 409).path("error").path("code").asText())
        .isEqualTo("conflict");
  }

  @Test
  void shouldListChildTasksByParentAndCascadeCancel() throws Exception {
    respond(1);
    responder.pause(true);
    json(fx.post("/v1/invocations?waitMs=0",
        "{\"workflowId\":\"root\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"parent\"}]}"), 202);
    json(fx.post("/v1/invocations?waitMs=0", "{\"workflowId\":\"kids\",\"parentTaskId\":\"root/0\","
        + targets(3, "k").substring(1)), 202);
    JsonNode page = json(fx.get("/v1/tasks?parent=root/0"), 200);
    List<String> kids = new ArrayList<>();
    page.path("tasks").forEach(t -> kids.add(t.path("key").asText()));
    assertThat(kids).containsExactly("kids/0", "kids/1", "kids/2");
    JsonNode parent = json(fx.get("/v1/tasks/root/0"), 200);
    assertThat(parent.path("children")).hasSize(3);

    JsonNode cancel = json(fx.post("/v1/tasks/root/0/cancel", ""), 202);
    assertThat(cancel.path("cancelled")).hasSize(4);
    assertThat(json(fx.get("/v1/invocations/kids?waitMs=30000"), 200).path("status").asText())
        .isEqualTo("cancelled");
    assertThat(json(fx.get("/v1/invocations/root?waitMs=30000"), 200).path("status").asText())
        .isEqualTo("cancelled");
  }

  @Test
  void shouldPageTaskListingWithCursor() throws Exception {
    respond(5);
    json(fx.post("/v1/invocations", "{\"workflowId\":\"paged\"," + targets(5, "q").substring(1)), 200);
    List<String> keys = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = json(fx.get("/v1/tasks?agent=echo&status=succeeded&limit=2&cursor=" + cursor), 200);
      page.path("tasks").forEach(t -> keys.add(t.path("key").asText()));
      cursor = page.path("next").isNull() ? null : page.path("next").asText();
    } while (cursor != null);
    assertThat(keys).containsExactly("paged/0", "paged/1", "paged/2", "paged/3", "paged/4");
  }

  @Test
  void shouldStreamStatusAndResultEvents() throws Exception {
    respond(1);
    responder.pause(true);
    json(fx.post("/v1/invocations?waitMs=0",
        "{\"workflowId\":\"sse\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"streamed\"}]}"), 202);
    var request = HttpRequest.newBuilder(URI.create(fx.coordinator.url() + "/v1/tasks/sse/0/events")).build();
    var stream = fx.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    Thread.sleep(300);
    responder.pause(false);
    List<String> lines = stream.get().body().toList();
    assertThat(lines).contains("event: status", "event: result");
    assertThat(lines.stream().filter(l -> l.startsWith("data:")).reduce("", String::concat)).contains("streamed");
  }

  private void awaitStatus(String key, String status) throws Exception {
    long end = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < end) {
      if (json(fx.get("/v1/tasks/" + key), 200).path("status").asText().equals(status)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(key + " never became " + status);
  }

  private static String targets(int n, String prefix) {
    return "{\"targets\":[" + String.join(",", IntStream.range(0, n)
        .mapToObj(i -> "{\"agent\":\"echo\",\"prompt\":\"" + prefix + i + "\"}").toList()) + "]}";
  }

  private static List<String> outputs(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.path("outcomes").forEach(o -> out.add(o.path("output").asText()));
    return out;
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return Json.mapper().readTree(response.body());
  }
}
