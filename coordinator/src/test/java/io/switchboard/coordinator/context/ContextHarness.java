package io.switchboard.coordinator.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.Coordinator;
import io.switchboard.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A coordinator on a fresh topic prefix that can be stopped and started again on the same state
 * directory, a worker that holds tasks, and the HTTP calls context tests make.
 */
final class ContextHarness implements AutoCloseable {

  final Topics topics;
  final KafkaSettings kafka;
  final HeldTasks worker;
  private final CoordinatorConfig config;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Coordinator coordinator;

  ContextHarness(TestKafka testKafka, Path stateDir, java.util.function.UnaryOperator<CoordinatorConfig> tweak)
      throws Exception {
    topics = testKafka.freshTopics();
    kafka = new KafkaSettings(testKafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    config = tweak.apply(CoordinatorConfig.defaults(stateDir));
    start();
    worker = new HeldTasks(new KafkaClients(kafka), topics);
    call("PUT", "/v1/agents/echo", "{\"name\":\"echo\",\"kind\":\"echo\"}", 200);
  }

  void start() throws Exception {
    coordinator = Coordinator.start(config, kafka, new ShareGroupSettings(Duration.ofSeconds(5), 5),
        Clock.systemUTC());
  }

  void restart() throws Exception {
    stop();
    start();
  }

  /** Closes the coordinator; {@link #start} starts it again on its state. */
  void stop() {
    coordinator.close();
  }

  /** Stops the coordinator, deletes its state directory, and starts it again: a rebuild from the topics. */
  void restartWithoutState() throws Exception {
    coordinator.close();
    try (var files = java.nio.file.Files.walk(config.stateDir())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    start();
  }

  /** Submits a detached invocation of echo targets with these task ids and prompts (id=prompt pairs). */
  void spawn(String invocationId, String scope, String parent, String... idsAndPrompts) throws Exception {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("workflowId", invocationId);
    body.put("join", "detached");
    if (scope != null) {
      body.put("context", scope);
    }
    if (parent != null) {
      body.put("parentTaskId", parent);
    }
    var targets = body.putArray("targets");
    for (String pair : idsAndPrompts) {
      String[] parts = pair.split("=", 2);
      targets.addObject().put("taskId", parts[0]).put("agent", "echo").put("prompt", parts[1]);
    }
    call("POST", "/v1/invocations?waitMs=0", body.toString(), 202);
  }

  /** Appends {@code content} to {@code key}'s context; the seq it got. */
  long append(String key, String content) throws Exception {
    ObjectNode body = Json.mapper().createObjectNode().put("content", content).put("author", key);
    return call("POST", "/v1/contexts/" + key + "/entries", body.toString(), 201).path("seq").asLong();
  }

  /** The context {@code key} sees, every page. */
  JsonNode view(String key) throws Exception {
    return call("GET", "/v1/contexts/" + key, null, 200);
  }

  /** The contents of every entry {@code key} sees, in order (following the pages). */
  List<String> contents(String key) throws Exception {
    List<String> contents = new ArrayList<>();
    for (JsonNode entry : entries(key)) {
      contents.add(entry.path("content").asText());
    }
    return contents;
  }

  List<JsonNode> entries(String key) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode page = call("GET", "/v1/contexts/" + key + "?after=" + after, null, 200);
      page.path("entries").forEach(all::add);
      if (page.path("next").isNull()) {
        return all;
      }
      after = page.path("next").asLong();
    }
  }

  /** Waits until the task {@code key} has {@code status}. */
  void awaitStatus(String key, String status) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      last = call("GET", "/v1/tasks/" + key, null, 200).path("status").asText();
      if (last.equals(status)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + key + " is " + last + ", not " + status);
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(coordinator.url() + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode call(String method, String path, String body, int status) throws Exception {
    HttpResponse<String> response = send(method, path, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
    return Json.mapper().readTree(response.body());
  }

  @Override
  public void close() throws Exception {
    worker.close();
    coordinator.close();
  }
}
