package io.switchboard.worker.kinds.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.TaskKey;
import io.switchboard.worker.agent.AgentOutput;
import io.switchboard.worker.agent.AgentTask;
import io.switchboard.worker.agent.FakeAgentContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code http} kind against a local HTTP server. */
@Timeout(30)
class HttpAgentTest {

  private HttpServer server;
  private volatile String lastBody;
  private volatile String lastToken;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/ok", exchange -> {
      lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      lastToken = exchange.getRequestHeaders().getFirst("X-Token");
      reply(exchange, 200, "all good");
    });
    server.createContext("/throttled", exchange -> reply(exchange, 429, "slow down"));
    server.createContext("/unavailable", exchange -> reply(exchange, 503, "maintenance"));
    server.createContext("/broken", exchange -> reply(exchange, 500, "stack trace here"));
    server.createContext("/hang", exchange -> {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(exchange, 200, "late");
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void shouldPostTheTaskJsonAndReturnA2xxBodyAsOutput() throws Exception {
    AgentOutput output = run("/ok", new FakeAgentContext());

    assertThat(output).isEqualTo(AgentOutput.completed("all good"));
    assertThat(lastToken).isEqualTo("secret");
    var body = Json.mapper().readTree(lastBody);
    assertThat(body.get("key").asText()).isEqualTo("inv/t1");
    assertThat(body.get("taskId").asText()).isEqualTo("t1");
    assertThat(body.get("invocationId").asText()).isEqualTo("inv");
    assertThat(body.get("attempt").asInt()).isEqualTo(1);
    assertThat(body.get("prompt").asText()).isEqualTo("do it");
    assertThat(body.get("tools").get(0).asText()).isEqualTo("read");
  }

  @Test
  void shouldFailRetryablyOn429And503AndWithAgentErrorOtherwise() throws Exception {
    assertThat(error(run("/throttled", new FakeAgentContext())).code()).isEqualTo(ErrorCode.THROTTLED);
    assertThat(error(run("/unavailable", new FakeAgentContext())).code()).isEqualTo(ErrorCode.TRANSIENT);
    AgentOutput.Failed broken = (AgentOutput.Failed) run("/broken", new FakeAgentContext());
    assertThat(broken.error().code()).isEqualTo(ErrorCode.AGENT_ERROR);
    assertThat(broken.error().message()).isEqualTo("HTTP 500: stack trace here");
  }

  @Test
  void shouldAbortTheRequestWhenCancelled() throws Exception {
    FakeAgentContext context = new FakeAgentContext();
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      context.cancel();
    });
    Instant start = Instant.now();

    AgentOutput output = run("/hang", context);

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(error(output).code()).isEqualTo(ErrorCode.CANCELLED);
  }

  private AgentOutput run(String path, FakeAgentContext context) throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
    AgentSpec spec = AgentSpec.of("remote", new AgentKind.Http(url, Map.of("X-Token", "secret")));
    AgentTask task = new AgentTask(TaskKey.of("inv", "t1"), 1, spec, "do it", null, null, null, List.of("read"), null,
        null, null);
    return new HttpAgentFactory().create(spec).run(task, context);
  }

  private static io.switchboard.common.error.TaskError error(AgentOutput output) {
    assertThat(output).isInstanceOf(AgentOutput.Failed.class);
    return ((AgentOutput.Failed) output).error();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
