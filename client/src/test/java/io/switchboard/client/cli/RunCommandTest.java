package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.stub.Bodies;
import io.switchboard.client.stub.StubCoordinator;
import io.switchboard.client.stub.StubCoordinator.Reply;
import io.switchboard.common.json.Json;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private StubCoordinator stub;

  @BeforeEach
  void start() throws Exception {
    stub = StubCoordinator.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private void submitAnswersRunning(String join, int targets) {
    stub.onJson("POST", "/v1/invocations", 202, Bodies.running("inv", join, targets, 0, 0));
  }

  @Test
  void shouldPrintTheOutputOfASingleTargetAndExitZero() throws Exception {
    submitAnswersRunning("single", 1);
    AtomicInteger polls = new AtomicInteger();
    stub.on(
        "GET",
        "/v1/invocations/inv",
        request ->
            polls.incrementAndGet() < 2
                ? Reply.json(202, Bodies.running("inv", "single", 1, 0, 0))
                : Reply.json(200, Bodies.singleSucceeded("inv", "the answer")));

    CliRun run =
        CliRun.run(
            "--url",
            stub.url(),
            "--agent",
            "general",
            "--prompt",
            "hi",
            "--timeout-ms",
            "5000",
            "--input",
            "{\"path\": \".\"}",
            "--workflow-id",
            "wf");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("the answer\n");
    StubCoordinator.Request submit = stub.requests().get(0);
    assertThat(submit.query()).isEqualTo("waitMs=0");
    JsonNode body = Json.mapper().readTree(submit.body());
    assertThat(body.path("workflowId").asText()).isEqualTo("wf");
    assertThat(body.path("targets")).hasSize(1);
    assertThat(body.path("targets").get(0).path("input").path("path").asText()).isEqualTo(".");
    assertThat(body.path("targets").get(0).path("timeoutMs").asLong()).isEqualTo(5000);
    assertThat(stub.requests().get(1).query()).isEqualTo("waitMs=1000");
  }

  @Test
  void shouldPrintOneLinePerOutcomeInInputOrderAndExitOneWhenSomeFailed() throws Exception {
    submitAnswersRunning("all", 3);
    stub.onJson(
        "GET",
        "/v1/invocations/inv",
        200,
        Bodies.all(
            "inv",
            "failed",
            Bodies.ok("inv", "0", "alpha"),
            Bodies.failed("inv", "1", "timeout", "took too long"),
            Bodies.ok("inv", "2", "two\\nlines")));

    CliRun run =
        CliRun.run(
            "--url",
            stub.url(),
            "--agent",
            "general",
            "--prompt",
            "a",
            "--prompt",
            "b",
            "--prompt",
            "c",
            "--max-parallel",
            "2",
            "--fail-fast");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            """
            0  succeeded  alpha
            1  failed  timeout: took too long
            2  succeeded  two\\nlines
            """);
    JsonNode body = Json.mapper().readTree(stub.requests().get(0).body());
    assertThat(body.path("targets")).hasSize(3);
    assertThat(body.path("targets").get(2).path("prompt").asText()).isEqualTo("c");
    assertThat(body.path("maxParallel").asInt()).isEqualTo(2);
    assertThat(body.path("failFast").asBoolean()).isTrue();
  }

  @Test
  void shouldPrintTheErrorOfAFailedSingleTargetOnStderr() {
    stub.onJson(
        "POST", "/v1/invocations", 200, Bodies.singleFailed("inv", "agent_error", "exit 3: boom"));

    CliRun run = CliRun.run("--url", stub.url(), "--agent", "general", "--prompt", "hi");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("failed: agent_error: exit 3: boom");
  }

  @Test
  void shouldExitTwoAndNameTheFieldWhenTheRequestIsRefused() {
    stub.onJson(
        "POST",
        "/v1/invocations",
        422,
        Bodies.error("unknown_agent", "targets[0].agent", "no agent 'nope'"));

    CliRun run = CliRun.run("--url", stub.url(), "--agent", "nope", "--prompt", "hi");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: unknown_agent at targets[0].agent: no agent 'nope'");
  }

  @Test
  void shouldExitTwoForAnOptionThatIsNotJson() {
    CliRun run =
        CliRun.run(
            "--url", stub.url(), "--agent", "a", "--prompt", "p", "--output-schema", "{not json");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: invalid_value at --output-schema: not JSON");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void shouldExitThreeWhenTheCoordinatorCannotBeReached() {
    stub.stop();

    CliRun run = CliRun.run("--url", stub.url(), "--agent", "general", "--prompt", "hi");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err()).contains("coordinator unreachable");
  }

  @Test
  void shouldExitThreeWhenTheCoordinatorStaysDownPastTheWaitTimeout() {
    stub.on(
        "POST",
        "/v1/invocations",
        request -> {
          Thread.ofVirtual()
              .start(
                  () -> {
                    sleep(200);
                    stub.stop();
                  });
          return Reply.json(202, Bodies.running("inv", "single", 1, 0, 0));
        });
    stub.onJson("GET", "/v1/invocations/inv", 202, Bodies.running("inv", "single", 1, 0, 0));

    CliRun run =
        CliRun.run(
            "--url",
            stub.url(),
            "--agent",
            "general",
            "--prompt",
            "hi",
            "--wait-timeout-ms",
            "1500");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err()).contains("coordinator unreachable, reconnecting...");
  }

  @Test
  void shouldPrintTheInvocationIdAndTaskKeysWhenDetached() throws Exception {
    stub.onJson("POST", "/v1/invocations", 202, Bodies.running("inv", "detached", 2, 0, 0));

    CliRun run =
        CliRun.run(
            "--url",
            stub.url(),
            "--agent",
            "general",
            "--join",
            "DETACHED",
            "--prompt",
            "a",
            "--prompt",
            "b");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("inv\ninv/0\ninv/1\n");
    assertThat(Json.mapper().readTree(stub.requests().get(0).body()).path("join").asText())
        .isEqualTo("detached");
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void shouldPrintTheResultAsJson() throws Exception {
    stub.onJson("POST", "/v1/invocations", 200, Bodies.singleSucceeded("inv", "out"));

    CliRun run = CliRun.run("--url", stub.url(), "--agent", "g", "--prompt", "p", "--json");

    assertThat(run.exit()).isZero();
    JsonNode printed = Json.mapper().readTree(run.out());
    assertThat(printed.path("status").asText()).isEqualTo("succeeded");
    assertThat(printed.path("outcomes").get(0).path("output").asText()).isEqualTo("out");
  }

  @Test
  void shouldRefuseARunWithoutPromptOrInput() {
    CliRun run = CliRun.run("--url", stub.url(), "--agent", "g");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--prompt");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
