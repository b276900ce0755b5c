package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error status and code of api.md for bad input, each followed by a check that the coordinator
 * still serves. Real broker, real HTTP.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ApiContractTest {

  private CoordinatorFixture fx;

  @BeforeAll
  void start(TestKafka kafka) throws Exception {
    fx = new CoordinatorFixture(kafka, c -> CoordinatorFixture.withLimits(c, 64 * 1024, 16 * 1024));
    fx.putEchoAgent("echo");
    fx.put("/v1/agents/narrow", "{\"name\":\"narrow\",\"kind\":\"echo\",\"tools\":[\"read\"]}");
    fx.put("/v1/agents/localonly", "{\"name\":\"localonly\",\"kind\":\"echo\",\"runtimes\":[\"local\"]}");
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json            | hello                                                   | 400 | malformed  | ",
      "json array          | [1,2]                                                   | 400 | malformed  | ",
      "trailing garbage    | {\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]} x | 400 | malformed  | ",
      "unknown field       | {\"targets\":[{\"agent\":\"echo\",\"promt\":\"x\"}]}    | 422 | unknown_field | targets[0].promt",
      "bad enum            | {\"join\":\"some\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]} | 422 | invalid_value | join",
      "single with two     | {\"join\":\"single\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"a\"},{\"agent\":\"echo\",\"prompt\":\"b\"}]} | 422 | join_single_needs_one_target | join",
      "duplicate task id   | {\"targets\":[{\"taskId\":\"a\",\"agent\":\"echo\",\"prompt\":\"a\"},{\"taskId\":\"a\",\"agent\":\"echo\",\"prompt\":\"b\"}]} | 422 | duplicate_task_id | targets[1].taskId",
      "no targets          | {\"targets\":[]}                                        | 422 | too_few_targets | targets",
      "missing agent       | {\"targets\":[{\"prompt\":\"x\"}]}                      | 422 | missing_field | targets[0].agent",
      "unknown agent       | {\"targets\":[{\"agent\":\"nobody\",\"prompt\":\"x\"}]} | 422 | unknown_agent | targets[0].agent",
      "missing parent      | {\"parentTaskId\":\"nope/0\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]} | 422 | missing_parent | parentTaskId",
      "shared without parent | {\"context\":\"shared\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]} | 422 | missing_parent | parentTaskId",
      "invalid schema      | {\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\",\"outputSchema\":{\"type\":12}}]} | 422 | invalid_schema | targets[0].outputSchema",
      "tool not inherited  | {\"tools\":{\"mode\":\"only\",\"names\":[\"write\"]},\"targets\":[{\"agent\":\"narrow\",\"prompt\":\"x\"}]} | 422 | tool_not_inherited | tools.names[0]",
      "local hint          | {\"executor\":{\"hint\":\"local\"},\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]} | 422 | no_executor | executor.hint",
      "local-only agent    | {\"targets\":[{\"agent\":\"localonly\",\"prompt\":\"x\"}]} | 422 | no_executor | targets[0].agent",
      "maxParallel zero    | {\"maxParallel\":0,\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]} | 422 | invalid_value | maxParallel",
  })
  void shouldRefuseBadInvocationWithCodeAndField(String name, String body, int status, String code, String field)
      throws Exception {
    HttpResponse<String> response = fx.post("/v1/invocations", body);
    JsonNode error = error(response, status, code);
    if (field != null) {
      assertThat(error.path("field").asText()).isEqualTo(field);
    }
    if (code.equals("malformed") && !name.equals("json array")) {
      assertThat(error.path("line").asInt()).isPositive();
      assertThat(error.path("column").asInt()).isPositive();
    }
    assertStillServing();
  }

  @Test
  void shouldRefuseBodyOverLimitWith413() throws Exception {
    String big = "{\"targets\":[{\"agent\":\"echo\",\"prompt\":\"" + "x".repeat(70 * 1024) + "\"}]}";
    // as a careful client sends a large body: the 413 comes before the body is sent (without it, the
    // server's close with the unread body still arriving may reset the connection before the answer is read)
    HttpRequest request = HttpRequest.newBuilder(URI.create(fx.coordinator.url() + "/v1/invocations"))
        .timeout(Duration.ofSeconds(30)).expectContinue(true).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(big)).build();
    error(fx.http.send(request, HttpResponse.BodyHandlers.ofString()), 413, "too_large");
    assertStillServing();
  }

  @Test
  void shouldAnswer413ToAClientThatSendsItsWholeOversizedBodyUnasked() throws Exception {
    String big = "{\"targets\":[{\"agent\":\"echo\",\"prompt\":\"" + "x".repeat(200 * 1024) + "\"}]}";
    // no Expect: 100-continue, so the body is on its way when the limit is passed: the coordinator reads
    // and drops the rest, and the client reads the answer on a connection that stays open
    for (int i = 0; i < 5; i++) {
      error(fx.post("/v1/invocations", big), 413, "too_large");
    }
    assertStillServing();
  }

  @Test
  void shouldAnswer413ToAnOversizedBodyOfUnknownLength() throws Exception {
    byte[] big = ("{\"targets\":[{\"agent\":\"echo\",\"prompt\":\"" + "x".repeat(100 * 1024) + "\"}]}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(fx.coordinator.url() + "/v1/invocations"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
    error(fx.http.send(request, HttpResponse.BodyHandlers.ofString()), 413, "too_large");
    assertStillServing();
  }

  @Test
  void shouldRefuseADeclaredLengthFarOverTheLimitBeforeReadingIt() throws Exception {
    String huge = "x".repeat(1024 * 1024);
    HttpRequest request = HttpRequest.newBuilder(URI.create(fx.coordinator.url() + "/v1/invocations"))
        .timeout(Duration.ofSeconds(30)).expectContinue(true).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(huge)).build();
    HttpResponse<String> response = fx.http.send(request, HttpResponse.BodyHandlers.ofString());
    error(response, 413, "too_large");
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
    assertStillServing();
  }

  @Test
  void shouldRefuseTargetTooLargeForOneRecordWith413NamingIt() throws Exception {
    String body = "{\"targets\":[{\"agent\":\"echo\",\"prompt\":\"small\"},{\"agent\":\"echo\",\"prompt\":\""
        + "y".repeat(20 * 1024) + "\"}]}";
    JsonNode error = error(fx.post("/v1/invocations", body), 413, "too_large");
    assertThat(error.path("field").asText()).isEqualTo("targets[1]");
    assertStillServing();
  }

  @Test
  void shouldRefuseInvalidWaitMs() throws Exception {
    error(fx.post("/v1/invocations?waitMs=soon", "{\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]}"), 422,
        "invalid_value");
    assertStillServing();
  }

  @Test
  void shouldAnswer404ForUnknownThings() throws Exception {
    error(fx.get("/v1/invocations/nope"), 404, "not_found");
    error(fx.get("/v1/tasks/nope/0"), 404, "not_found");
    error(fx.post("/v1/tasks/nope/0/cancel", ""), 404, "not_found");
    error(fx.get("/v1/tasks/nope/0/events"), 404, "not_found");
    error(fx.get("/v1/agents/nobody"), 404, "not_found");
    error(fx.get("/v1/nothing-here"), 404, "not_found");
    assertStillServing();
  }

  @Test
  void shouldAnswer405ForWrongMethod() throws Exception {
    error(fx.send("DELETE", "/v1/invocations", null, null), 405, "method_not_allowed");
    assertStillServing();
  }

  @Test
  void shouldRefuseBadTaskListingParameters() throws Exception {
    assertThat(error(fx.get("/v1/tasks?status=lost"), 422, "invalid_value").path("field").asText())
        .isEqualTo("status");
    assertThat(error(fx.get("/v1/tasks?limit=0"), 422, "invalid_value").path("field").asText()).isEqualTo("limit");
    assertThat(error(fx.get("/v1/tasks?parent=noslash"), 422, "invalid_value").path("field").asText())
        .isEqualTo("parent");
    assertStillServing();
  }

  @Test
  void shouldRefuseBadAgentDefinitions() throws Exception {
    assertThat(error(fx.put("/v1/agents/a", "{\"name\":\"b\",\"kind\":\"echo\"}"), 422, "invalid_value")
        .path("field").asText()).isEqualTo("name");
    assertThat(error(fx.put("/v1/agents/a", "{\"name\":\"a\",\"kind\":\"command\",\"url\":\"http://x\"}"), 422,
        "unknown_field").path("field").asText()).isEqualTo("url");
    error(fx.put("/v1/agents/a", "{\"name\":"), 400, "malformed");
    assertStillServing();
  }

  @Test
  void shouldListAndReadRegisteredAgents() throws Exception {
    JsonNode agents = Json.mapper().readTree(fx.get("/v1/agents").body()).path("agents");
    assertThat(agents.findValuesAsText("name")).contains("echo", "narrow");
    JsonNode narrow = Json.mapper().readTree(fx.get("/v1/agents/narrow").body());
    assertThat(narrow.path("kind").asText()).isEqualTo("echo");
    assertThat(narrow.path("tools").get(0).asText()).isEqualTo("read");
    assertThat(narrow.path("runner").asText()).isEqualTo("default");
  }

  @Test
  void shouldRequireTokensWhenConfigured(TestKafka kafka) throws Exception {
    try (var secured = new CoordinatorFixture(kafka,
        c -> CoordinatorFixture.withTokens(c, Set.of("user-token"), "admin-token"))) {
      error(secured.get("/v1/agents"), 401, "unauthorized");
      error(secured.send("GET", "/v1/agents", null, "wrong"), 401, "unauthorized");
      assertThat(secured.send("GET", "/v1/agents", null, "user-token").statusCode()).isEqualTo(200);
      String command = "{\"name\":\"sh\",\"kind\":\"command\",\"command\":[\"true\"]}";
      error(secured.send("PUT", "/v1/agents/sh", command, "user-token"), 403, "forbidden");
      assertThat(secured.send("PUT", "/v1/agents/sh", command, "admin-token").statusCode()).isEqualTo(200);
      assertThat(secured.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldReportHealthReadinessAndMetrics() throws Exception {
    assertThat(fx.get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = fx.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"running\"");
    HttpResponse<String> metrics = fx.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body()).contains("switchboard_http_requests")
        .contains("switchboard_store_native_bytes{part=\"cache\"}")
        .contains("switchboard_store_native_bytes{part=\"memtables\"}")
        .contains("switchboard_store_native_bytes{part=\"table_readers\"}");
  }

  /** An answer larger than one of the server's pooled buffers (16 KB) arrives whole, with its length. */
  @Test
  void shouldAnswerALargeInvocationWholeWithItsLength() throws Exception {
    StringBuilder body = new StringBuilder("{\"join\":\"detached\",\"targets\":[");
    for (int i = 0; i < 1000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"taskId\":\"t").append(i).append("\",\"agent\":\"echo\",\"prompt\":\"x\"}");
    }
    HttpResponse<String> accepted = fx.post("/v1/invocations", body.append("]}").toString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = Json.mapper().readTree(accepted.body()).path("invocationId").asText();

    HttpResponse<byte[]> answer = fx.http.send(HttpRequest.newBuilder(URI.create(fx.coordinator.url()
        + "/v1/invocations/" + id + "?waitMs=0")).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(answer.statusCode()).isEqualTo(202); // no worker here: still running
    assertThat(answer.body().length).isGreaterThan(2 * 16 * 1024);
    assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(answer.body().length);
    JsonNode tasks = Json.mapper().readTree(answer.body()).path("tasks");
    assertThat(tasks.size()).isEqualTo(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(tasks.get(i).path("taskId").asText()).isEqualTo("t" + i);
    }
    assertStillServing();
  }

  /** Degraded (the state store cannot be written): readiness says so, reads are served, new work is refused. */
  @Test
  void shouldServeReadsButRefuseNewWorkWhileDegraded() throws Exception {
    fx.coordinator.readiness().fault("the state store cannot be written (test); new work is refused until it can");
    try {
      HttpResponse<String> ready = fx.get("/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(Json.mapper().readTree(ready.body()).path("state").asText()).isEqualTo("degraded");
      assertThat(Json.mapper().readTree(ready.body()).path("detail").asText()).contains("state store");
      assertThat(fx.get("/v1/agents").statusCode()).isEqualTo(200);
      HttpResponse<String> refused = fx.post("/v1/invocations",
          "{\"targets\":[{\"agent\":\"echo\",\"prompt\":\"x\"}]}");
      assertThat(error(refused, 503, "unavailable").path("message").asText()).contains("degraded");
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    } finally {
      fx.coordinator.readiness().faultCleared();
    }
    assertThat(fx.get("/readyz").statusCode()).isEqualTo(200);
  }

  private static JsonNode error(HttpResponse<String> response, int status, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = Json.mapper().readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    return error;
  }

  private void assertStillServing() throws Exception {
    assertThat(fx.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(fx.get("/v1/agents/echo").statusCode()).isEqualTo(200);
  }
}
