package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.wire.DeadLetter;
import io.switchboard.common.wire.RegistryRecord;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agents a worker announces are those of its runner in {@code <p>.registry}, kept up to date. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class AgentRegistryTest {

  private final TestKafka kafka;

  AgentRegistryTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldAnnounceTheAgentsOfItsRunnerInItsHeartbeats() {
    try (WorkerFixture fixture = new WorkerFixture(kafka)) {
      register(fixture, AgentSpec.of("general", new AgentKind.Echo(0)));
      register(fixture, new AgentSpec("trainer", new AgentKind.Echo(0), null, "gpu", null, null, null, null, null));
      fixture.send(new ProducerRecord<>(fixture.topics.registry(), "agent:broken",
          "{not json".getBytes(StandardCharsets.UTF_8)));

      Worker worker = fixture.start();

      assertThat(worker.info().agents()).containsExactly("general");
      assertThat(awaitHeartbeat(fixture, worker, List.of("general")).info().capacity()).isEqualTo(8);
      List<DeadLetter> letters = fixture.awaitDeadLetters(1);
      assertThat(letters).singleElement().satisfies(letter -> {
        assertThat(letter.key()).isEqualTo("agent:broken");
        assertThat(letter.sourceTopic()).isEqualTo(fixture.topics.registry());
      });

      register(fixture, AgentSpec.of("reviewer", new AgentKind.Echo(0)));
      fixture.send(WireRecords.tombstone(fixture.topics.registry(), "agent:general"));

      awaitHeartbeat(fixture, worker, List.of("reviewer"));
    }
  }

  private static void register(WorkerFixture fixture, AgentSpec spec) {
    RegistryRecord.AgentRegistered record = new RegistryRecord.AgentRegistered(spec);
    fixture.send(WireRecords.of(fixture.topics.registry(), record.recordKey(), record));
  }

  private static RegistryRecord.WorkerHeartbeat awaitHeartbeat(WorkerFixture fixture, Worker worker,
      List<String> agents) {
    Instant end = Instant.now().plus(WorkerFixture.WAIT);
    while (Instant.now().isBefore(end)) {
      for (ConsumerRecord<String, byte[]> record : fixture.registry().records()) {
        if (record.value() != null
            && WireRecords.read(record, RegistryRecord.class) instanceof Decoded.Ok<RegistryRecord> ok
            && ok.value() instanceof RegistryRecord.WorkerHeartbeat heartbeat
            && heartbeat.info().id().equals(worker.id())
            && heartbeat.info().agents().equals(agents)) {
          return heartbeat;
        }
      }
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("no heartbeat of " + worker.id() + " announcing " + agents);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
