package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.Json;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.WireHeaders;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-target invocation's task leaves beside its intent rather than after it, its envelope holding a
 * copy of the intent: a coordinator that stopped after sending the envelope and before the intent got in
 * restores the invocation from the task topic, writes the intent again, and never sends the task twice.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class CarriedIntentTest {

  private static final String SINGLE = "{\"workflowId\":\"%s\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"%s\"}]}";

  @Test
  void shouldCarryTheIntentInTheEnvelopeOfASingleTargetInvocationOnly(TestKafka kafka) throws Exception {
    try (CoordinatorFixture coordinator = new CoordinatorFixture(kafka)) {
      coordinator.putEchoAgent("echo");
      accepted(coordinator, SINGLE.formatted("carry-one", "alone"));
      accepted(coordinator, "{\"workflowId\":\"carry-two\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"a\"},"
          + "{\"agent\":\"echo\",\"prompt\":\"b\"}]}");

      Map<String, ConsumerRecord<String, byte[]>> envelopes = kafka.records(
          coordinator.topics.tasks(Topics.DEFAULT_RUNNER), 3).stream()
          .collect(Collectors.toMap(ConsumerRecord::key, r -> r));
      assertThat(envelopes).containsOnlyKeys("carry-one/0", "carry-two/0", "carry-two/1");

      List<InvocationRecord> carried = WireHeaders.intent(envelopes.get("carry-one/0").headers()).stream()
          .map(value -> ((Decoded.Ok<InvocationRecord>) JsonCodec.decode(value, InvocationRecord.class)).value())
          .toList();
      assertThat(carried).hasSize(2);
      var chunk = (InvocationRecord.TargetsChunk) carried.get(0);
      assertThat(chunk.invocationId()).isEqualTo("carry-one");
      assertThat(chunk.targets()).singleElement().satisfies(t -> assertThat(t.prompt()).isEqualTo("alone"));
      var head = (InvocationRecord.InvocationAccepted) carried.get(1);
      assertThat(head.invocationId()).isEqualTo("carry-one");
      assertThat(head.targetCount()).isEqualTo(1);
      assertThat(head.agents()).singleElement().satisfies(a -> assertThat(a.spec().name()).isEqualTo("echo"));

      assertThat(WireHeaders.intent(envelopes.get("carry-two/0").headers())).isEmpty();
      assertThat(WireHeaders.intent(envelopes.get("carry-two/1").headers())).isEmpty();
      // the intent itself is in its topic as well
      assertThat(kafka.records(coordinator.topics.invocations(), 4)).extracting(ConsumerRecord::key)
          .contains("carry-one", "carry-two");
    }
  }

  @Test
  void shouldRestoreAnInvocationThatOnlyItsTasksEnvelopeHolds(TestKafka kafka, @TempDir Path dir) throws Exception {
    // what a coordinator stopped between the envelope's write and the intent's leaves in Kafka: the envelope
    // only. Made here by copying a real envelope to another prefix's task topic, without the intent.
    ConsumerRecord<String, byte[]> envelope;
    try (CoordinatorFixture first = new CoordinatorFixture(kafka)) {
      first.putEchoAgent("echo");
      accepted(first, SINGLE.formatted("adopted", "hello"));
      envelope = kafka.records(first.topics.tasks(Topics.DEFAULT_RUNNER), 1).get(0);
    }
    Topics topics = kafka.freshTopics();
    Path stateDir = dir.resolve("state");
    new CoordinatorFixture(kafka, topics, stateDir).close(); // provisions the topics; a state store with nothing
    try (KafkaProducer<String, byte[]> producer = new KafkaClients(settings(kafka, topics)).producer("test")) {
      producer.send(new ProducerRecord<>(topics.tasks(Topics.DEFAULT_RUNNER), null, envelope.key(), envelope.value(),
          envelope.headers())).get();
    }

    try (CoordinatorFixture restarted = new CoordinatorFixture(kafka, topics, stateDir);
         Responder worker = new Responder(new KafkaClients(restarted.kafka), topics, 1)) {
      HttpResponse<String> answer = restarted.get("/v1/invocations/adopted?waitMs=30000");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode result = Json.mapper().readTree(answer.body());
      assertThat(result.path("status").asText()).isEqualTo("succeeded");
      assertThat(result.path("outcomes")).singleElement()
          .satisfies(o -> assertThat(o.path("attempts").asInt()).isEqualTo(1));
      assertThat(kafka.records(topics.invocations(), 2)).extracting(ConsumerRecord::key)
          .as("the intent written again").containsExactlyInAnyOrder("adopted", "adopted/chunks/0");
      Thread.sleep(500); // a second dispatch would reach the worker here
      assertThat(worker.received.get()).as("tasks the worker was sent").isEqualTo(1);
      assertThat(kafka.records(topics.tasks(Topics.DEFAULT_RUNNER), 1)).as("envelopes").hasSize(1);
    }

    try (CoordinatorFixture again = new CoordinatorFixture(kafka, topics, stateDir)) {
      JsonNode result = Json.mapper().readTree(again.get("/v1/invocations/adopted").body());
      assertThat(result.path("status").asText()).isEqualTo("succeeded");
      again.putEchoAgent("echo"); // a submission names registered agents, a replay too
      HttpResponse<String> replay = again.post("/v1/invocations", SINGLE.formatted("adopted", "hello"));
      assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
      assertThat(Json.mapper().readTree(replay.body()).path("outcomes").get(0).path("replayed").asBoolean()).isTrue();
      assertThat(kafka.records(topics.tasks(Topics.DEFAULT_RUNNER), 1)).as("envelopes").hasSize(1);
      assertThat(kafka.records(topics.invocations(), 2)).as("intent records").hasSize(2);
    }
  }

  private static void accepted(CoordinatorFixture coordinator, String body) throws Exception {
    HttpResponse<String> response = coordinator.post("/v1/invocations?waitMs=0", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static io.switchboard.common.config.KafkaSettings settings(TestKafka kafka, Topics topics) {
    return new io.switchboard.common.config.KafkaSettings(kafka.bootstrap(), topics.prefix(),
        java.util.Optional.empty(), java.util.Optional.empty());
  }
}
