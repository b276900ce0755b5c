package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.wire.AuditBatch;
import io.switchboard.common.wire.AuditEvent;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spawn hooks: the policy hook vetoes past its limits; the audit hook records every spawn and end. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class HooksTest {

  @Test
  void shouldVetoSpawnsPastPolicyLimitsAndAuditEverySpawnAndTermination(TestKafka kafka) throws Exception {
    try (var fx = new CoordinatorFixture(kafka, c -> c, Map.of("hooks", "audit,policy", "policy-max-children", "2"));
         var responder = new Responder(new KafkaClients(fx.kafka), fx.topics, 1)) {
      fx.putEchoAgent("echo");
      responder.pause(true);
      fx.post("/v1/invocations?waitMs=0", "{\"workflowId\":\"h-root\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"r\"}]}");
      fx.post("/v1/invocations?waitMs=0", "{\"workflowId\":\"h-kids\",\"parentTaskId\":\"h-root/0\",\"targets\":["
          + "{\"agent\":\"echo\",\"prompt\":\"a\"},{\"agent\":\"echo\",\"prompt\":\"b\"},{\"agent\":\"echo\",\"prompt\":\"c\"}]}");
      responder.pause(false);
      JsonNode kids = Json.mapper().readTree(fx.get("/v1/invocations/h-kids?waitMs=30000").body());
      JsonNode outcomes = kids.path("outcomes");
      assertThat(outcomes.get(0).path("success").asBoolean()).isTrue();
      assertThat(outcomes.get(1).path("success").asBoolean()).isTrue();
      assertThat(outcomes.get(2).path("error").path("code").asText()).isEqualTo("rejected_by_hook");
      assertThat(outcomes.get(2).path("error").path("message").asText()).contains("children").contains("limit 2");
      assertThat(responder.receivedKeys).doesNotContain("h-kids/2"); // never dispatched
      Json.mapper().readTree(fx.get("/v1/invocations/h-root?waitMs=30000").body());

      List<AuditEvent> audit = readAudit(fx, 8);
      assertThat(audit).filteredOn(e -> e.kind() == AuditEvent.Kind.SPAWNED).extracting(e -> e.taskKey().toString())
          .containsExactlyInAnyOrder("h-root/0", "h-kids/0", "h-kids/1");
      assertThat(audit).filteredOn(e -> e.kind() == AuditEvent.Kind.TERMINATED)
          .extracting(e -> e.taskKey().toString())
          .containsExactlyInAnyOrder("h-root/0", "h-kids/0", "h-kids/1", "h-kids/2");
      AuditEvent kidSpawn = audit.stream().filter(e -> e.taskKey().toString().equals("h-kids/0")
          && e.kind() == AuditEvent.Kind.SPAWNED).findFirst().orElseThrow();
      assertThat(kidSpawn.parent().toString()).isEqualTo("h-root/0");
      assertThat(kidSpawn.caller()).isEqualTo("task:h-root/0");
      assertThat(kidSpawn.agent()).isEqualTo("echo");
      AuditEvent vetoed = audit.stream().filter(e -> e.taskKey().toString().equals("h-kids/2")).findFirst().orElseThrow();
      assertThat(vetoed.outcome().error().code().wireName()).isEqualTo("rejected_by_hook");
    }
  }

  @Test
  void shouldWriteTheAuditOfAnInvocationInFewRecordsKeyedByItsIdWithEachTaskInOrder(TestKafka kafka)
      throws Exception {
    try (var fx = new CoordinatorFixture(kafka, c -> c, Map.of("hooks", "audit"));
         var responder = new Responder(new KafkaClients(fx.kafka), fx.topics, 1)) {
      fx.putEchoAgent("echo");
      StringBuilder targets = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        targets.append(i == 0 ? "" : ",").append("{\"agent\":\"echo\",\"prompt\":\"p").append(i).append("\"}");
      }
      var answer = fx.post("/v1/invocations?waitMs=30000",
          "{\"workflowId\":\"h-many\",\"join\":\"all\",\"targets\":[" + targets + "]}");
      assertThat(answer.statusCode()).isEqualTo(200);

      List<ConsumerRecord<String, byte[]>> records = readAuditRecords(fx, 400);
      List<AuditEvent> events = records.stream().flatMap(r -> batchOf(r).events().stream()).toList();
      assertThat(events).hasSize(400);
      assertThat(records).extracting(ConsumerRecord::key).containsOnly("h-many");
      assertThat(records).as("the spawns, told in one engine batch, in one record")
          .filteredOn(r -> batchOf(r).events().stream().anyMatch(e -> e.kind() == AuditEvent.Kind.SPAWNED))
          .singleElement().satisfies(r -> assertThat(batchOf(r).events()).hasSize(200));
      assertThat(records.size()).as("records for 400 events").isLessThanOrEqualTo(201);
      for (int i = 0; i < 200; i++) {
        String key = "h-many/" + i;
        assertThat(events).filteredOn(e -> e.taskKey().toString().equals(key)).extracting(AuditEvent::kind)
            .as(key).containsExactly(AuditEvent.Kind.SPAWNED, AuditEvent.Kind.TERMINATED);
      }
      assertThat(events).filteredOn(e -> e.kind() == AuditEvent.Kind.TERMINATED)
          .allSatisfy(e -> assertThat(e.outcome().success()).isTrue());
    }
  }

  private static List<AuditEvent> readAudit(CoordinatorFixture fx, int expected) {
    return readAuditRecords(fx, expected).stream().flatMap(r -> batchOf(r).events().stream()).toList();
  }

  private static AuditBatch batchOf(ConsumerRecord<String, byte[]> record) {
    return WireRecords.read(record, AuditBatch.class).orElseThrow();
  }

  /** The audit topic's records from the start, until they hold {@code expected} events (or 20 s passed). */
  private static List<ConsumerRecord<String, byte[]>> readAuditRecords(CoordinatorFixture fx, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    int events = 0;
    try (var consumer = new KafkaClients(fx.kafka).assignedConsumer("audit-reader")) {
      List<TopicPartition> partitions = consumer.partitionsFor(fx.topics.audit()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = System.currentTimeMillis() + 20_000;
      while (events < expected && System.currentTimeMillis() < end) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          records.add(record);
          events += batchOf(record).events().size();
        }
      }
    }
    return records;
  }
}
