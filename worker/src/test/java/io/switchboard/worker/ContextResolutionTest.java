package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker resolves an inherited or shared task's context reference through the coordinator's HTTP API
 * (here a stub that pages its answer), hands the entries to the agent on stdin, and fails the attempt as
 * retryable when the context cannot be fetched.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class ContextResolutionTest {

  private final WorkerFixture fixture;
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private HttpServer coordinator;
  @TempDir
  Path dir;

  ContextResolutionTest(TestKafka kafka) {
    this.fixture = new WorkerFixture(kafka);
  }

  @BeforeAll
  void start() throws Exception {
    coordinator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    coordinator.createContext("/v1/contexts/", exchange -> {
      String uri = exchange.getRequestURI().toString();
      asked.add(uri);
      int status = 200;
      String body;
      if (uri.startsWith("/v1/contexts/down/")) {
        status = 503;
        body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"recovering\"}}";
      } else if (uri.endsWith("after=0")) {
        body = "{\"id\":\"p/c\",\"scope\":\"inherited\",\"entries\":[" + entry(1, "parent prompt") + ","
            + entry(2, "parent note") + "],\"next\":2,\"open\":true}";
      } else {
        body = "{\"id\":\"p/c\",\"scope\":\"inherited\",\"entries\":[" + entry(3, "child prompt")
            + "],\"next\":null,\"open\":true}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    coordinator.start();
    String url = "http://127.0.0.1:" + coordinator.getAddress().getPort();
    fixture.start(WorkerFixture.config().withCoordinatorUrl(url));
  }

  private static String entry(int seq, String content) {
    return "{\"contextId\":\"p/" + (seq < 3 ? "parent" : "c") + "\",\"seq\":" + seq
        + ",\"kind\":\"message\",\"role\":\"user\",\"content\":\"" + content + "\"}";
  }

  @AfterAll
  void stop() {
    fixture.close();
    coordinator.stop(0);
  }

  @Test
  void shouldGiveTheAgentTheResolvedEntriesOfEveryPage() {
    Path script = Scripts.write(dir, "cat.sh", "cat\n");
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).key("p", "c").prompt("child prompt")
        .context("{\"id\":\"p/c\",\"scope\":\"inherited\",\"parent\":\"p/parent\",\"upTo\":2}").build());

    Outcome outcome = fixture.awaitResult(task.key()).outcome();

    assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
    JsonNode context = Tasks.json(((Outcome.Succeeded) outcome).output()).get("context");
    assertThat(context.get("id").asText()).isEqualTo("p/c");
    assertThat(context.get("scope").asText()).isEqualTo("inherited");
    List<String> contents = new ArrayList<>();
    context.get("entries").forEach(e -> contents.add(e.get("content").asText()));
    assertThat(contents).containsExactly("parent prompt", "parent note", "child prompt");
    assertThat(asked).contains("/v1/contexts/p/c?after=0", "/v1/contexts/p/c?after=2");
  }

  @Test
  void shouldFailRetryablyWhenTheContextCannotBeFetched() {
    Path script = Scripts.write(dir, "never.sh", "echo ran > \"$0.ran\"\n");
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).key("down", "x")
        .context("{\"id\":\"down/x\",\"scope\":\"shared\",\"parent\":\"down/p\"}").build());

    TaskError error = fixture.awaitResult(task.key()).outcome().toTaskError();

    assertThat(error.code()).isEqualTo(ErrorCode.TRANSIENT);
    assertThat(error.code().isRetryable()).isTrue();
    assertThat(error.message()).contains("cannot fetch context down/x").contains("HTTP 503");
    assertThat(dir.resolve("never.sh.ran")).doesNotExist();
  }
}
