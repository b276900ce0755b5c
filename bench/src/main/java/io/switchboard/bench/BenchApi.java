package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.internal.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The few coordinator calls the benchmark makes, over HTTP/1.1 with the Java SDK's transport ({@link
 * HttpTransport}: kept-alive connections), as an SDK user's calls go.
 */
final class BenchApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: the status code and the parsed body ({@code null} when it was not JSON). */
  record Answer(int status, JsonNode body) {

    /** The key of the invocation's first task. */
    String firstTaskKey() {
      return body == null ? null : body.path("tasks").path(0).path("key").asText(null);
    }

    String invocationId() {
      return body == null ? null : body.path("invocationId").asText(null);
    }

    /** The InvocationResult's {@code status} ({@code running}, {@code succeeded}, ...). */
    String invocationStatus() {
      return body == null ? null : body.path("status").asText(null);
    }

    /** 200 with {@code succeeded}, or a failure that says what came back. */
    Answer requireSucceeded(String what) {
      if (status != 200 || !"succeeded".equals(invocationStatus())) {
        throw new IllegalStateException(what + ": HTTP " + status + " " + abbreviated());
      }
      return this;
    }

    String abbreviated() {
      String text = body == null ? "" : body.toString();
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
  }

  /** Every status is the caller's to look at; only a failed connection throws. */
  private static final Set<Integer> ANY_STATUS = IntStream.range(100, 600).boxed().collect(Collectors.toSet());

  private final URI base;
  private final HttpTransport http;

  BenchApi(URI base) {
    this.base = base;
    this.http = new HttpTransport(base.toString(), null, Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  URI base() {
    return base;
  }

  /** {@code POST /v1/invocations?waitMs=N}. */
  Answer submit(String body, long waitMs) {
    return send("POST", "/v1/invocations?waitMs=" + waitMs, body.getBytes(StandardCharsets.UTF_8),
        Duration.ofMillis(waitMs));
  }

  /** {@code GET /v1/invocations/{id}?waitMs=N}. */
  Answer invocation(String id, long waitMs) {
    return send("GET", "/v1/invocations/" + id + "?waitMs=" + waitMs, null, Duration.ofMillis(waitMs));
  }

  /** {@code GET /v1/tasks/{key}}: the task's snapshot. */
  Answer task(String key) {
    return send("GET", "/v1/tasks/" + key, null, Duration.ZERO);
  }

  /** Waits (polling with {@code waitMs} long-polls) until the invocation has finished; its final answer. */
  Answer awaitFinished(String id, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Answer answer = invocation(id, 30_000);
      if (answer.status() != 202) {
        return answer;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("invocation " + id + " still running after " + timeout);
      }
    }
  }

  /** {@code GET /v1/workers}: how many workers the coordinator sees live. */
  int liveWorkers() {
    Answer answer = send("GET", "/v1/workers", null, Duration.ZERO);
    if (answer.status() != 200 || answer.body() == null) {
      return 0;
    }
    JsonNode list = answer.body().isArray() ? answer.body() : answer.body().path("workers");
    return list.size();
  }

  /** The text of {@code GET /metrics} (Prometheus), empty when it does not answer 200. */
  String metrics() {
    try {
      HttpTransport.Response response = http.send("GET", "/metrics", null, Duration.ZERO, ANY_STATUS);
      return response.status() == 200 ? new String(response.body(), StandardCharsets.UTF_8) : "";
    } catch (CoordinatorUnreachableException e) {
      return "";
    }
  }

  /** The status of {@code GET /readyz}, or -1 when nothing answers on the port. */
  int readyz() {
    try {
      return http.send("GET", "/readyz", null, Duration.ZERO, ANY_STATUS).status();
    } catch (CoordinatorUnreachableException e) {
      return -1;
    }
  }

  private Answer send(String method, String path, byte[] body, Duration wait) {
    HttpTransport.Response response = http.send(method, path, body, wait, ANY_STATUS);
    JsonNode json;
    try {
      json = response.body().length == 0 ? null : JSON.readTree(response.body());
    } catch (IOException notJson) {
      json = JSON.getNodeFactory().textNode(new String(response.body(), StandardCharsets.UTF_8));
    }
    return new Answer(response.status(), json);
  }

  @Override
  public void close() {
    http.close();
  }
}
