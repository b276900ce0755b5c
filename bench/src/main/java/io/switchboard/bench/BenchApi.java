package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The few coordinator calls the benchmark makes, over plain HTTP/1.1 ({@code java.net.http}), as any client would. */
final class BenchApi {

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

  private final URI base;
  private final HttpClient http;

  BenchApi(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  URI base() {
    return base;
  }

  /** {@code POST /v1/invocations?waitMs=N}. */
  Answer submit(String body, long waitMs) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/invocations?waitMs=" + waitMs))
        .timeout(Duration.ofMillis(waitMs + 60_000))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return send(request);
  }

  /** {@code GET /v1/invocations/{id}?waitMs=N}. */
  Answer invocation(String id, long waitMs) throws IOException, InterruptedException {
    return send(get("/v1/invocations/" + id + "?waitMs=" + waitMs, Duration.ofMillis(waitMs + 60_000)));
  }

  /** {@code GET /v1/tasks/{key}}: the task's snapshot. */
  Answer task(String key) throws IOException, InterruptedException {
    return send(get("/v1/tasks/" + key, Duration.ofSeconds(30)));
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
  int liveWorkers() throws IOException, InterruptedException {
    Answer answer = send(get("/v1/workers", Duration.ofSeconds(10)));
    if (answer.status() != 200 || answer.body() == null) {
      return 0;
    }
    JsonNode list = answer.body().isArray() ? answer.body() : answer.body().path("workers");
    return list.size();
  }

  /** The status of {@code GET /readyz}, or -1 when nothing answers on the port. */
  int readyz() throws InterruptedException {
    try {
      return http.send(get("/readyz", Duration.ofSeconds(2)), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private HttpRequest get(String path, Duration timeout) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body;
    try {
      body = response.body().length == 0 ? null : JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = JSON.getNodeFactory().textNode(new String(response.body(), StandardCharsets.UTF_8));
    }
    return new Answer(response.statusCode(), body);
  }
}
