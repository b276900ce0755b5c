package io.switchboard.coordinator.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.common.config.RunnerConfig;
import io.switchboard.common.json.Json;
import io.switchboard.coordinator.runner.RunnerConfigException;
import io.switchboard.coordinator.runner.RunnerLoad;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kubernetes} initializer against a stand-in API server that serves one Deployment's {@code scale}
 * subresource and records every call (no cluster here), and its config validation.
 */
class KubernetesRunnerTest {

  private static final String SCALE = "/apis/apps/v1/namespaces/work/deployments/worker-gpu/scale";

  @TempDir
  Path dir;

  private HttpServer server;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger replicas = new AtomicInteger();
  private volatile int status = 200;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void startApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
    Files.writeString(dir.resolve("token"), "token-1\n");
  }

  @AfterEach
  void stopApiServer() {
    server.stop(0);
  }

  @Test
  void shouldScaleTheDeploymentUpForTheTasksAndDownToMinAfterIdle() throws Exception {
    KubernetesRunner runner = runner("\"maxReplicas\": 3, \"concurrency\": 4, \"idleMs\": 10000");

    runner.reconcile(new RunnerLoad(6, 0), List.of());
    assertThat(calls).containsExactly("GET " + SCALE + " Bearer token-1",
        "PATCH " + SCALE + " Bearer token-1 {\"spec\":{\"replicas\":2}}");
    assertThat(replicas).hasValue(2);

    runner.reconcile(new RunnerLoad(40, 0), List.of());
    assertThat(replicas).as("maxReplicas").hasValue(3);
    calls.clear();
    runner.reconcile(new RunnerLoad(0, 1), List.of());
    assertThat(calls).as("never down while tasks remain").isEmpty();

    Files.writeString(dir.resolve("token"), "token-2\n"); // tokens rotate
    runner.reconcile(RunnerLoad.IDLE, List.of());
    clock.advance(Duration.ofMillis(9999));
    runner.reconcile(RunnerLoad.IDLE, List.of());
    assertThat(calls).isEmpty();
    clock.advance(Duration.ofMillis(1));
    runner.reconcile(RunnerLoad.IDLE, List.of());
    assertThat(calls).containsExactly("PATCH " + SCALE + " Bearer token-2 {\"spec\":{\"replicas\":0}}");
    assertThat(replicas).hasValue(0);
  }

  @Test
  void shouldRetryAfterAPauseWhenTheApiServerRefuses() throws Exception {
    KubernetesRunner runner = runner("\"maxReplicas\": 1");
    status = 403;
    runner.reconcile(new RunnerLoad(1, 0), List.of());
    runner.reconcile(new RunnerLoad(1, 0), List.of());
    assertThat(calls).as("one failed call, then a pause").hasSize(1);
    status = 200;
    clock.advance(Duration.ofSeconds(5));
    runner.reconcile(new RunnerLoad(1, 0), List.of());
    assertThat(replicas).hasValue(1);
  }

  @Test
  void shouldNameTheFieldOfAnInvalidConfig() throws Exception {
    assertRefused("{}", "deployment", "required");
    assertRefused("{\"deployment\": \"Worker_GPU\", \"namespace\": \"work\"}", "deployment", "not a Kubernetes name");
    assertRefused("{\"deployment\": \"w\"}", "namespace", "required outside a pod");
    assertRefused("{\"deployment\": \"w\", \"namespace\": \"work\", \"minReplicas\": 3, \"maxReplicas\": 2, "
        + "\"tokenFile\": \"" + dir.resolve("token") + "\"}", "maxReplicas", "must be >= minReplicas (3): 2");
    assertRefused("{\"deployment\": \"w\", \"namespace\": \"work\", \"tokenFile\": \"" + dir.resolve("none")
        + "\"}", "tokenFile", "cannot read");
    assertRefused("{\"deployment\": \"w\", \"namespace\": \"work\", \"tokenFile\": \"" + dir.resolve("token")
        + "\"}", "caFile", "cannot read"); // https by default: a CA is needed
    assertRefused("{\"deployment\": \"w\", \"namespace\": \"work\", \"apiServer\": \"ftp://x\"}", "apiServer",
        "expected http(s)");
    assertRefused("{\"deployment\": \"w\", \"replicas\": 2}", "replicas", "unknown field");
  }

  @Test
  void shouldTakeThePodsNamespaceAndTokenByDefault() throws Exception {
    Path account = Files.createDirectories(dir.resolve("account"));
    Files.writeString(account.resolve("namespace"), "work\n");
    Files.writeString(account.resolve("token"), "t");
    Files.writeString(account.resolve("ca.crt"), "");
    KubernetesSettings settings = KubernetesSettings.parse(config("{\"deployment\": \"worker-gpu\"}"), account);
    assertThat(settings.namespace()).isEqualTo("work");
    assertThat(settings.tokenFile()).isEqualTo(account.resolve("token"));
    assertThat(settings.scaleUri().toString()).isEqualTo("https://kubernetes.default.svc" + SCALE);
    assertThat(settings.minReplicas()).isZero();
    assertThat(settings.maxReplicas()).isEqualTo(1);
  }

  private void assertRefused(String json, String field, String reason) {
    assertThatThrownBy(() -> KubernetesSettings.parse(config(json), dir.resolve("no-account"))).as(json)
        .isInstanceOf(RunnerConfigException.class).hasMessageContaining(reason)
        .extracting(e -> ((RunnerConfigException) e).field()).isEqualTo(field);
  }

  private KubernetesRunner runner(String fields) throws Exception {
    RunnerConfig config = config("{\"deployment\": \"worker-gpu\", \"namespace\": \"work\", \"apiServer\": "
        + "\"http://127.0.0.1:" + server.getAddress().getPort() + "\", \"tokenFile\": \"" + dir.resolve("token")
        + "\", " + fields + "}");
    KubernetesSettings settings = KubernetesSettings.parse(config, dir.resolve("no-account"));
    return new KubernetesRunner("gpu", settings, new ScaleClient(settings), clock);
  }

  private static RunnerConfig config(String json) throws Exception {
    return new RunnerConfig("gpu", "kubernetes", (ObjectNode) Json.mapper().readTree(json));
  }

  private void serve(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    calls.add((exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + auth + " " + body)
        .strip());
    String answer = "{\"kind\":\"Scale\",\"spec\":{\"replicas\":" + replicas.get() + "}}";
    if (status == 200 && exchange.getRequestMethod().equals("PATCH")) {
      replicas.set(Json.mapper().readTree(body).path("spec").path("replicas").asInt());
      answer = "{\"kind\":\"Scale\",\"spec\":{\"replicas\":" + replicas.get() + "}}";
    }
    byte[] bytes = (status == 200 ? answer : "{\"kind\":\"Status\",\"reason\":\"Forbidden\"}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
