package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.stub.Bodies;
import io.switchboard.client.stub.StubCoordinator;
import io.switchboard.client.stub.StubCoordinator.Reply;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationStatus;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSwitchboardClientTest {

  private StubCoordinator stub;
  private SwitchboardClient client;

  @BeforeEach
  void start() throws Exception {
    stub = StubCoordinator.start();
    client = HttpSwitchboardClient.builder(stub.url()).token("s3cret").build();
  }

  @AfterEach
  void stop() {
    client.close();
    stub.close();
  }

  private static Invocation oneTarget() {
    return new Invocation(
        null, null, List.of(Target.of("general", "hi")), null, null, null, null, null, null);
  }

  @Test
  void shouldParseAFinishedSubmitAndSendTheContractsRequest() throws Exception {
    stub.onJson("POST", "/v1/invocations", 200, Bodies.singleSucceeded("inv-1", "hello"));

    Submission answer = client.submit(oneTarget(), Duration.ofSeconds(5));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.finished()).isTrue();
    assertThat(answer.result().status()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(answer.result().outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.output()).isEqualTo("hello");
              assertThat(o.key()).isEqualTo(TaskKey.of("inv-1", "0"));
            });
    StubCoordinator.Request sent = stub.requests().get(0);
    assertThat(sent.query()).isEqualTo("waitMs=5000");
    assertThat(sent.authorization()).isEqualTo("Bearer s3cret");
    JsonNode body = Json.mapper().readTree(sent.body());
    assertThat(body.path("targets").get(0).path("agent").asText()).isEqualTo("general");
    assertThat(body.path("targets").get(0).path("prompt").asText()).isEqualTo("hi");
    assertThat(body.has("join")).isFalse();
  }

  @Test
  void shouldParseARunningSubmitWithProgressAndIgnoreUnknownFields() {
    stub.onJson("POST", "/v1/invocations", 202, Bodies.running("inv-2", "all", 10, 5, 1));

    Submission answer = client.submit(oneTarget(), Duration.ZERO);

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.finished()).isFalse();
    assertThat(answer.result().join()).isEqualTo(Join.ALL);
    assertThat(answer.result().outcomes()).isNull();
    assertThat(answer.result().tasks()).hasSize(10);
    assertThat(answer.result().progress().done()).isEqualTo(5);
    assertThat(answer.result().progress().failed()).isEqualTo(1);
  }

  @Test
  void shouldTurnAnErrorBodyIntoAnApiExceptionWithCodeAndField() {
    stub.onJson(
        "POST",
        "/v1/invocations",
        422,
        Bodies.error("unknown_agent", "targets[0].agent", "no agent 'general'"));

    assertThatThrownBy(() -> client.submit(oneTarget(), Duration.ZERO))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.code()).isEqualTo("unknown_agent");
              assertThat(e.field()).isEqualTo("targets[0].agent");
              assertThat(e.error().rejection())
                  .hasValueSatisfying(
                      r -> assertThat(r.code()).isEqualTo(RejectionCode.UNKNOWN_AGENT));
              assertThat(e.isRetryable()).isFalse();
            });
  }

  @Test
  void shouldKeepTheLocationOfAMalformedBodyAndTheTaskOfAConflict() {
    stub.onJson(
        "POST",
        "/v1/invocations",
        400,
        "{\"error\":{\"code\":\"malformed\",\"message\":\"bad\",\"line\":3,\"column\":7}}");
    assertThatThrownBy(() -> client.submit(oneTarget(), Duration.ZERO))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class,
            e -> {
              assertThat(e.error().line()).isEqualTo(3);
              assertThat(e.error().column()).isEqualTo(7);
            });

    stub.onJson(
        "POST",
        "/v1/invocations",
        409,
        "{\"error\":{\"code\":\"conflict\",\"message\":\"spec changed\",\"taskId\":\"deps\"}}");
    assertThatThrownBy(() -> client.submit(oneTarget(), Duration.ZERO))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.error().taskId()).isEqualTo("deps");
            });
  }

  @Test
  void shouldReportAnAnswerWithoutErrorObjectByItsStatus() {
    stub.on("GET", "/v1/agents", request -> Reply.text(500, "<html>oops</html>"));

    assertThatThrownBy(() -> client.agents())
        .isInstanceOfSatisfying(
            SwitchboardApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("http_500");
              assertThat(e.error().message()).contains("oops");
            });
  }

  @Test
  void shouldTreatUnavailableAsRetryable() {
    stub.onJson("GET", "/v1/workers", 503, Bodies.error("unavailable", null, "recovering"));

    assertThatThrownBy(() -> client.workers())
        .isInstanceOfSatisfying(
            CoordinatorUnreachableException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.mayHaveTakenEffect()).isFalse();
            });
    assertThat(stub.requests()).as("asked once: the caller decides when to ask again").hasSize(1);
  }

  @Test
  void shouldThrowUnreachableWhenNothingListens() {
    stub.stop();

    assertThatThrownBy(() -> client.submit(oneTarget(), Duration.ZERO))
        .isInstanceOfSatisfying(
            CoordinatorUnreachableException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.mayHaveTakenEffect()).isFalse();
              assertThat(e.getMessage()).contains(stub.url());
            });
  }

  @Test
  void shouldAnswerEmptyForAnUnknownInvocationOrTask() {
    assertThat(client.invocation("nope", Duration.ZERO)).isEmpty();
    assertThat(client.task(TaskKey.of("nope", "0"))).isEmpty();
    assertThat(client.agent("nope")).isEmpty();
  }

  @Test
  void shouldSendATaskKeyAsTwoEncodedPathSegments() {
    stub.onJson(
        "GET",
        "/v1/tasks/inv%201/a%2Fb%3Fc",
        200,
        Bodies.snapshot("inv 1/a/b?c", "running", "worker-1"));

    var snapshot = client.task(TaskKey.of("inv 1", "a/b?c"));

    assertThat(snapshot)
        .hasValueSatisfying(
            s -> {
              assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
              assertThat(s.worker()).isEqualTo("worker-1");
            });
    assertThat(stub.requests().get(0).path()).isEqualTo("/v1/tasks/inv%201/a%2Fb%3Fc");
  }

  @Test
  void shouldMapCancelAnswersToTypedResults() {
    TaskKey key = TaskKey.of("inv", "t");
    stub.onJson(
        "POST",
        "/v1/tasks/inv/t/cancel",
        202,
        "{\"key\":\"inv/t\",\"cancelled\":[\"inv/t\",\"child/0\",\"child/1\"]}");
    assertThat(client.cancel(key))
        .isInstanceOfSatisfying(
            CancelResult.Cancelling.class,
            c -> assertThat(c.cancelled()).hasSize(3).contains(TaskKey.of("child", "1")));

    stub.onJson(
        "POST",
        "/v1/tasks/inv/t/cancel",
        409,
        Bodies.error("conflict", null, "task inv/t already succeeded"));
    assertThat(client.cancel(key))
        .isInstanceOfSatisfying(
            CancelResult.AlreadyFinished.class,
            c -> assertThat(c.message()).contains("already succeeded"));

    stub.onJson("POST", "/v1/tasks/inv/t/cancel", 404, Bodies.error("not_found", null, "no"));
    assertThat(client.cancel(key)).isEqualTo(new CancelResult.NotFound(key));
  }

  @Test
  void shouldPassTheQueryAndReturnTheNextCursor() {
    stub.onJson(
        "GET",
        "/v1/tasks",
        200,
        "{\"tasks\": [" + Bodies.snapshot("p/0", "failed", null) + "], \"next\": \"c2\"}");

    TaskPage page =
        client.tasks(
            TaskQuery.all()
                .withParent(TaskKey.of("root", "x"))
                .withStatus(TaskStatus.FAILED)
                .withAgent("general")
                .withLimit(5)
                .withCursor("c 1"));

    assertThat(page.tasks())
        .singleElement()
        .satisfies(t -> assertThat(t.key().toString()).isEqualTo("p/0"));
    assertThat(page.next()).isEqualTo("c2");
    assertThat(stub.requests().get(0).query())
        .isEqualTo("parent=root%2Fx&status=failed&agent=general&limit=5&cursor=c%201");
  }

  @Test
  void shouldReadAgentsAsAnArrayOrWrappedAndPutThem() throws Exception {
    String general =
        """
        {"name": "general", "kind": "command", "command": ["python3", "a.py"], "env": {},
         "workdir": null, "runtimes": ["remote", "local"], "runner": "default",
         "tools": ["read"], "maxSteps": 10, "timeoutMs": 600000, "concurrency": 4,
         "supervisor": null, "addedLater": true}\
        """;
    stub.onJson("GET", "/v1/agents", 200, "[" + general + "]");
    assertThat(client.agents())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("general");
              assertThat(a.kind()).isInstanceOf(AgentKind.Command.class);
            });
    stub.onJson("GET", "/v1/agents", 200, "{\"agents\": [" + general + "]}");
    assertThat(client.agents()).hasSize(1);

    stub.on("PUT", "/v1/agents/echo", request -> Reply.json(200, request.body()));
    AgentSpec stored = client.putAgent(AgentSpec.of("echo", new AgentKind.Echo(5)));
    assertThat(stored.kind()).isEqualTo(new AgentKind.Echo(5));
    JsonNode sent = Json.mapper().readTree(stub.requests().get(2).body());
    assertThat(sent.path("kind").asText()).isEqualTo("echo");
    assertThat(sent.path("delayMs").asLong()).isEqualTo(5);
  }

  @Test
  void shouldReadWorkers() {
    stub.onJson(
        "GET",
        "/v1/workers",
        200,
        """
        [{"id": "w-1", "runner": "default", "agents": ["general"], "inFlight": 2, "capacity": 8,
          "lastSeen": "2025-01-01T00:00:05Z", "host": "box", "startedAt": "2025-01-01T00:00:00Z"}]
        """);

    assertThat(client.workers())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.id()).isEqualTo("w-1");
              assertThat(w.inFlight()).isEqualTo(2);
              assertThat(w.capacity()).isEqualTo(8);
            });
  }
}
