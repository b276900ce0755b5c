package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.wire.DeadLetter;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A task delivered as many times as the limit allows is poison: never run, dead-lettered, failed. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class PoisonTaskTest {

  private final TestKafka kafka;

  PoisonTaskTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldDeadLetterAndFailATaskDeliveredTheLimitTimes() {
    try (WorkerFixture fixture = new WorkerFixture(kafka, new ShareGroupSettings(Duration.ofSeconds(15), 2))) {
      TaskEnvelope task = fixture.submit(Tasks.of(Tasks.echo(0)).attempt(2).build());
      releaseOnce(fixture); // a worker that took it and died, say

      fixture.start(WorkerFixture.config().withDeliveryLimit(2));
      TaskResult result = fixture.awaitResult(task.key());

      assertThat(result.outcome().toTaskError()).satisfies(error -> {
        assertThat(error.code()).isEqualTo(ErrorCode.POISON);
        assertThat(error.message()).isEqualTo("poison: delivered 2 times");
      });
      assertThat(result.attempt()).isEqualTo(2);
      assertThat(result.startedAt()).isNull();
      List<DeadLetter> letters = fixture.awaitDeadLetters(1);
      assertThat(letters).singleElement().satisfies(letter -> {
        assertThat(letter.key()).isEqualTo(task.key().toString());
        assertThat(letter.reason()).isEqualTo("poison: delivered 2 times");
      });
      assertThat(fixture.events(task.key())).noneMatch(TaskEvent.Started.class::isInstance);
    }
  }

  private static void releaseOnce(WorkerFixture fixture) {
    try (KafkaShareConsumer<String, byte[]> consumer = new KafkaClients(fixture.settings)
        .shareConsumer("test-releaser", fixture.topics.shareGroup("default"), 1)) {
      consumer.subscribe(List.of(fixture.topics.tasks("default")));
      Instant end = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(end)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          assertThat(record.deliveryCount()).contains((short) 1);
          consumer.acknowledge(record, AcknowledgeType.RELEASE);
          consumer.commitSync();
          return;
        }
      }
      throw new AssertionError("the task never arrived");
    }
  }
}
