package io.switchboard.coordinator.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.AuditBatch;
import io.switchboard.common.wire.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * How the audit hook cuts its records (what reaches Kafka is {@code HooksTest}'s): per invocation, per
 * engine batch, and never past the producer's request limit however long the errors are.
 */
class AuditHookTest {

  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final AuditHook hook = new AuditHook(new HookContext(producer, Topics.withDefaultPrefix(),
      ConfigSource.ofFlags(Map.of()), Clock.fixed(T0, ZoneOffset.UTC), CoordinatorConfig.MAX_RECORD.defaultValue()));

  @Test
  void shouldWriteNothingUntilTheBatchEndsThenOneRecordPerInvocation() {
    hook.afterSpawn(spawn(TaskKey.of("a", "0")));
    hook.afterSpawn(spawn(TaskKey.of("b", "0")));
    hook.afterSpawn(spawn(TaskKey.of("a", "1")));
    assertThat(producer.history()).isEmpty();

    hook.afterBatch();

    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("a", "b");
    assertThat(batchOf(producer.history().get(0)).events()).extracting(e -> e.taskKey().toString())
        .containsExactly("a/0", "a/1");
    hook.afterBatch();
    assertThat(producer.history()).hasSize(2);
  }

  @Test
  void shouldSplitAnInvocationsEventsSoThatNoRecordNearsTheRequestLimit() {
    String longError = "x".repeat(100_000);
    for (int i = 0; i < 30; i++) {
      hook.afterTerminate(failed(TaskKey.of("big", Integer.toString(i)), longError), "alice");
    }

    hook.afterBatch();

    assertThat(producer.history()).hasSizeGreaterThan(1);
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.value().length).isLessThan(512 * 1024));
    List<AuditEvent> events = producer.history().stream().flatMap(r -> batchOf(r).events().stream()).toList();
    assertThat(events).extracting(e -> e.taskKey().taskId())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(Integer::toString).toList());
    assertThat(events.get(0).outcome().error().message()).isEqualTo(longError);
    assertThat(events.get(0).at()).isEqualTo(T0);
  }

  private static Spawn spawn(TaskKey key) {
    return new Spawn(key, null, "echo", "anonymous", 0, 0, 0, T0);
  }

  private static TaskSnapshot failed(TaskKey key, String message) {
    StepOutcome outcome = StepOutcome.failed(key, TaskError.of(ErrorCode.AGENT_ERROR, message), 1, false);
    return new TaskSnapshot(key, key.invocationId(), key.taskId(), "echo", TaskStatus.FAILED, null, List.of(), 1,
        "w-1", "default", null, T0, T0, T0, outcome);
  }

  private static AuditBatch batchOf(ProducerRecord<String, byte[]> record) {
    return JsonCodec.decode(record.value(), AuditBatch.class).orElseThrow();
  }
}
