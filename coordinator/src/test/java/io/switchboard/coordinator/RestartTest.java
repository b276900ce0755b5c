package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator closed and started again on the same state answers as before: from its state store when
 * it has one, rebuilt from the topics when it does not.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class RestartTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAnswerTheSameAfterRestartFromStoreAndAfterLosingIt(TestKafka kafka, @TempDir Path stateDir)
      throws Exception {
    var topics = kafka.freshTopics();
    var settings = settings(kafka, topics);
    CoordinatorConfig config = CoordinatorConfig.defaults(stateDir);
    String body = "{\"workflowId\":\"survives\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"a\"},"
        + "{\"agent\":\"echo\",\"prompt\":\"b\"}]}";
    JsonNode first;
    try (Coordinator coordinator = start(config, settings);
         Responder responder = new Responder(new KafkaClients(settings), topics, 2)) {
      call(http, coordinator, "PUT", "/v1/agents/echo", "{\"name\":\"echo\",\"kind\":\"echo\"}", 200);
      first = call(http, coordinator, "POST", "/v1/invocations", body, 200);
      // once its batch is on disk, the finished invocation leaves memory
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (metric(http, coordinator, "switchboard_invocations_in_memory ") > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(metric(http, coordinator, "switchboard_invocations_in_memory ")).isEqualTo(0.0);
      assertThat(call(http, coordinator, "GET", "/v1/invocations/survives", null, 200).path("outcomes"))
          .isEqualTo(first.path("outcomes"));
    }
    try (Coordinator again = start(config, settings)) {
      // a finished invocation stays on disk: counted, not held in memory, loaded when asked for
      assertThat(metric(http, again, "switchboard_invocations ")).isEqualTo(1.0);
      assertThat(metric(http, again, "switchboard_invocations_in_memory ")).isEqualTo(0.0);
      JsonNode restored = call(http, again, "GET", "/v1/invocations/survives", null, 200);
      assertThat(restored.path("outcomes")).isEqualTo(first.path("outcomes"));
      JsonNode task = call(http, again, "GET", "/v1/tasks/survives/1", null, 200);
      assertThat(task.path("status").asText()).isEqualTo("succeeded");
      assertThat(task.path("outcome")).isEqualTo(first.path("outcomes").get(1));
      JsonNode listed = call(http, again, "GET", "/v1/tasks?status=succeeded", null, 200);
      List<String> keys = new ArrayList<>();
      listed.path("tasks").forEach(t -> keys.add(t.path("key").asText()));
      assertThat(keys).containsExactly("survives/0", "survives/1");
      assertThat(call(http, again, "GET", "/v1/tasks?status=queued", null, 200).path("tasks")).isEmpty();
      JsonNode replayed = call(http, again, "POST", "/v1/invocations", body, 200);
      assertThat(replayed.path("outcomes").findValuesAsText("replayed")).containsOnly("true");
      assertThat(metric(http, again, "switchboard_invocations_in_memory ")).isEqualTo(0.0);
    }
    wipe(stateDir);
    try (Coordinator rebuilt = start(config, settings)) {
      JsonNode restored = call(http, rebuilt, "GET", "/v1/invocations/survives", null, 200);
      assertThat(restored.path("outcomes")).isEqualTo(first.path("outcomes"));
      assertThat(call(http, rebuilt, "GET", "/readyz", null, 200).path("state").asText()).isEqualTo("running");
    }
  }

  /**
   * A start reads from the store only what its unfinished invocations need, by their keys; an intent whose
   * chunks an earlier start stored while its head was in the next, unstored batch is still put together:
   * the head from the topic, the chunks from the store.
   */
  @Test
  void shouldRestoreAnIntentWhoseHeadIsInTheTopicAndWhoseChunksAreInTheStore(TestKafka kafka,
      @TempDir Path stateDir) throws Exception {
    var topics = kafka.freshTopics();
    var settings = settings(kafka, topics);
    CoordinatorConfig config = CoordinatorConfig.defaults(stateDir);
    try (Coordinator coordinator = start(config, settings)) {
      call(http, coordinator, "PUT", "/v1/agents/echo", "{\"name\":\"echo\",\"kind\":\"echo\"}", 200);
      // nobody runs its tasks: it stays unfinished
      call(http, coordinator, "POST", "/v1/invocations", "{\"workflowId\":\"split\",\"join\":\"detached\","
          + "\"targets\":[{\"agent\":\"echo\",\"prompt\":\"a\"},{\"agent\":\"echo\",\"prompt\":\"b\"}]}", 202);
    }
    var head = kafka.records(topics.invocations(), 2).stream().filter(r -> "split".equals(r.key())).findFirst()
        .orElseThrow();
    try (var store = io.switchboard.coordinator.store.StateStore.open(stateDir.resolve("state"))) {
      var changes = new io.switchboard.coordinator.store.Changes();
      changes.intent("split", null, java.util.Map.of()); // the head's batch was never stored
      changes.consumed(new org.apache.kafka.common.TopicPartition(head.topic(), head.partition()), head.offset());
      store.write(changes);
    }
    try (Coordinator again = start(config, settings)) {
      JsonNode restored = call(http, again, "GET", "/v1/invocations/split?waitMs=0", null, 202);
      assertThat(restored.path("status").asText()).isEqualTo("running");
      JsonNode listed = call(http, again, "GET", "/v1/tasks?limit=10", null, 200);
      List<String> keys = new ArrayList<>();
      listed.path("tasks").forEach(t -> keys.add(t.path("key").asText()));
      assertThat(keys).contains("split/0", "split/1");
    }
  }

  /**
   * A start without its store rebuilds from the topics, and the task topics are its dispatch log: a task whose
   * envelope is there is not sent again (the rebuild reads which attempt was sent from the envelope's headers
   * and skips its value), and it still finishes when a worker comes.
   */
  @Test
  void shouldSendNoTaskOfTheDispatchLogAgainWhenRebuiltWithoutTheStore(TestKafka kafka, @TempDir Path stateDir)
      throws Exception {
    var topics = kafka.freshTopics();
    var settings = settings(kafka, topics);
    CoordinatorConfig config = CoordinatorConfig.defaults(stateDir);
    String tasksTopic = topics.tasks("default");
    try (Coordinator coordinator = start(config, settings)) {
      call(http, coordinator, "PUT", "/v1/agents/echo", "{\"name\":\"echo\",\"kind\":\"echo\"}", 200);
      // nobody runs its tasks yet: they stay dispatched
      call(http, coordinator, "POST", "/v1/invocations", "{\"workflowId\":\"sent-once\",\"join\":\"detached\","
          + "\"targets\":[{\"agent\":\"echo\",\"prompt\":\"a\"},{\"agent\":\"echo\",\"prompt\":\"b\"},"
          + "{\"agent\":\"echo\",\"prompt\":\"c\"}]}", 202);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (envelopes(settings, tasksTopic) < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(envelopes(settings, tasksTopic)).isEqualTo(3);
    }
    wipe(stateDir);
    try (Coordinator rebuilt = start(config, settings)) {
      assertThat(call(http, rebuilt, "GET", "/readyz", null, 200).path("state").asText()).isEqualTo("running");
      assertThat(call(http, rebuilt, "GET", "/v1/invocations/sent-once?waitMs=0", null, 202).path("status")
          .asText()).isEqualTo("running");
      Thread.sleep(1000); // time enough for a task sent again to be in the topic
      assertThat(envelopes(settings, tasksTopic)).as("envelopes in %s", tasksTopic).isEqualTo(3);
      try (Responder worker = new Responder(new KafkaClients(settings), topics, 3)) {
        JsonNode done = call(http, rebuilt, "GET", "/v1/invocations/sent-once?waitMs=20000", null, 200);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("outcomes").findValuesAsText("output")).containsExactly("a", "b", "c");
      }
    }
  }

  /**
   * A rebuild without the store reads the results before the intents: an invocation they show finished
   * plainly goes to disk unread, and every other one is restored and gets the result live processing kept,
   * not a late duplicate of it; a result of no invocation is not kept.
   */
  @Test
  void shouldRebuildWithoutTheStoreKeepingTheResultsLiveProcessingKept(TestKafka kafka, @TempDir Path stateDir)
      throws Exception {
    var topics = kafka.freshTopics();
    var settings = settings(kafka, topics);
    CoordinatorConfig config = CoordinatorConfig.defaults(stateDir);
    JsonNode plain;
    JsonNode duplicated;
    JsonNode retried;
    try (Coordinator coordinator = start(config, settings);
         Responder responder = new Responder(new KafkaClients(settings), topics, 1)) {
      call(http, coordinator, "PUT", "/v1/agents/echo", "{\"name\":\"echo\",\"kind\":\"echo\"}", 200);
      call(http, coordinator, "PUT", "/v1/agents/retrying", "{\"name\":\"retrying\",\"kind\":\"echo\","
          + "\"supervisor\":{\"onFailure\":\"restart\",\"maxRestarts\":3,\"backoffMs\":50}}", 200);
      plain = call(http, coordinator, "POST", "/v1/invocations", "{\"workflowId\":\"plain\",\"targets\":["
          + "{\"agent\":\"echo\",\"prompt\":\"a\"},{\"agent\":\"echo\",\"prompt\":\"b\"}]}", 200);
      duplicated = call(http, coordinator, "POST", "/v1/invocations", "{\"workflowId\":\"duplicated\","
          + "\"targets\":[{\"agent\":\"echo\",\"prompt\":\"first\"}]}", 200);
      retried = call(http, coordinator, "POST", "/v1/invocations", "{\"workflowId\":\"retried\","
          + "\"targets\":[{\"agent\":\"retrying\",\"prompt\":\"flaky-1\"}]}", 200);
      assertThat(retried.path("outcomes").get(0).path("attempts").asInt()).isEqualTo(2);
      try (var producer = new KafkaClients(settings).producer("late")) {
        // a late duplicate of a result live processing applied (and ignores), and a result of no invocation
        producer.send(WireRecords.of(topics.results(), "duplicated/0", TaskResult.of(TaskKey.parse("duplicated/0"),
            1, new Outcome.Succeeded("second", null), "late", Instant.now(), Instant.now()))).get();
        producer.send(WireRecords.of(topics.results(), "ghost/0", TaskResult.of(TaskKey.parse("ghost/0"),
            1, new Outcome.Succeeded("boo", null), "late", Instant.now(), Instant.now()))).get();
      }
      Thread.sleep(300); // the live feed reads both and ignores them
      assertThat(call(http, coordinator, "GET", "/v1/invocations/duplicated", null, 200).path("outcomes"))
          .isEqualTo(duplicated.path("outcomes"));
    }
    wipe(stateDir);
    try (Coordinator rebuilt = start(config, settings)) {
      assertThat(metric(http, rebuilt, "switchboard_invocations ")).isEqualTo(3.0);
      assertThat(metric(http, rebuilt, "switchboard_invocations_in_memory ")).isEqualTo(0.0);
      assertThat(call(http, rebuilt, "GET", "/v1/invocations/plain", null, 200).path("outcomes"))
          .isEqualTo(plain.path("outcomes"));
      assertThat(call(http, rebuilt, "GET", "/v1/invocations/duplicated", null, 200).path("outcomes"))
          .isEqualTo(duplicated.path("outcomes"));
      assertThat(call(http, rebuilt, "GET", "/v1/invocations/retried", null, 200).path("outcomes"))
          .isEqualTo(retried.path("outcomes"));
      List<String> keys = new ArrayList<>();
      call(http, rebuilt, "GET", "/v1/tasks?limit=100", null, 200).path("tasks")
          .forEach(t -> keys.add(t.path("key").asText()));
      assertThat(keys).containsExactly("duplicated/0", "plain/0", "plain/1", "retried/0");
    }
    try (var store = io.switchboard.coordinator.store.StateStore.open(stateDir.resolve("state"))) {
      assertThat(store.result("ghost/0")).isNull();
      assertThat(store.result("plain/1")).isNotNull();
    }
    try (Coordinator again = start(config, settings)) { // and the store it wrote serves the next start
      assertThat(metric(http, again, "switchboard_invocations_in_memory ")).isEqualTo(0.0);
      assertThat(call(http, again, "GET", "/v1/invocations/plain", null, 200).path("outcomes"))
          .isEqualTo(plain.path("outcomes"));
    }
  }

  /**
   * A rebuild stopped after it read the results and before it read the intents leaves a store the next start
   * goes on from: the results are stored with their offsets, the intents come from the topic, and every
   * invocation is back, finished, with the same outcomes.
   */
  @Test
  void shouldGoOnFromAStoreThatARebuildLeftHalfWay(TestKafka kafka, @TempDir Path stateDir) throws Exception {
    var topics = kafka.freshTopics();
    var settings = settings(kafka, topics);
    CoordinatorConfig config = CoordinatorConfig.defaults(stateDir);
    JsonNode first;
    try (Coordinator coordinator = start(config, settings);
         Responder responder = new Responder(new KafkaClients(settings), topics, 2)) {
      call(http, coordinator, "PUT", "/v1/agents/echo", "{\"name\":\"echo\",\"kind\":\"echo\"}", 200);
      first = call(http, coordinator, "POST", "/v1/invocations", "{\"workflowId\":\"halfway\",\"targets\":["
          + "{\"agent\":\"echo\",\"prompt\":\"a\"},{\"agent\":\"echo\",\"prompt\":\"b\"}]}", 200);
    }
    wipe(stateDir);
    // what a rebuild without the store had written when it was stopped between the results and the intents
    try (var store = io.switchboard.coordinator.store.StateStore.open(stateDir.resolve("state"))) {
      var changes = new io.switchboard.coordinator.store.Changes();
      for (var result : kafka.records(topics.results(), 2)) {
        changes.result(result.key(), result.value());
        changes.consumed(new org.apache.kafka.common.TopicPartition(result.topic(), result.partition()),
            result.offset() + 1);
      }
      store.write(changes);
    }
    try (Coordinator again = start(config, settings)) {
      assertThat(call(http, again, "GET", "/v1/invocations/halfway", null, 200).path("outcomes"))
          .isEqualTo(first.path("outcomes"));
      assertThat(metric(http, again, "switchboard_invocations ")).isEqualTo(1.0);
      assertThat(metric(http, again, "switchboard_invocations_in_memory ")).isEqualTo(0.0);
    }
  }

  /** Deletes the state directory: the next start has no store and rebuilds from the topics. */
  private static void wipe(Path stateDir) throws java.io.IOException {
    try (Stream<Path> files = java.nio.file.Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** How many records {@code topic} holds (nothing is deleted or compacted in a test's lifetime). */
  private static long envelopes(io.switchboard.common.config.KafkaSettings settings, String topic) {
    try (var consumer = new KafkaClients(settings).assignedConsumer("count-" + topic)) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static io.switchboard.common.config.KafkaSettings settings(TestKafka kafka,
      io.switchboard.common.topic.Topics topics) {
    return new io.switchboard.common.config.KafkaSettings(kafka.bootstrap(), topics.prefix(),
        java.util.Optional.empty(), java.util.Optional.empty());
  }

  /** A sample of the Prometheus scrape: {@code name} with its trailing space, e.g. {@code "x "}. */
  private static double metric(HttpClient http, Coordinator c, String name) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(c.url() + "/metrics")).build();
    String scrape = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    return scrape.lines().filter(line -> line.startsWith(name)).mapToDouble(
        line -> Double.parseDouble(line.substring(name.length()).trim())).findFirst().orElseThrow();
  }

  private static Coordinator start(CoordinatorConfig config, io.switchboard.common.config.KafkaSettings settings)
      throws Exception {
    return Coordinator.start(config, settings, new ShareGroupSettings(Duration.ofSeconds(5), 5), Clock.systemUTC());
  }

  private static JsonNode call(HttpClient http, Coordinator c, String method, String path, String body, int status)
      throws Exception {
    var request = HttpRequest.newBuilder(URI.create(c.url() + path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return Json.mapper().readTree(response.body());
  }
}
