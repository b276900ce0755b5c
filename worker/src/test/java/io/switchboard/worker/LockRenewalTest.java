package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A task that runs longer than the share group's lock keeps its record: the lane renews the lock. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class LockRenewalTest {

  private final TestKafka kafka;

  LockRenewalTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldKeepALongTaskPastTheLockDurationWhileShortOnesFlow() {
    try (WorkerFixture fixture = new WorkerFixture(kafka, new ShareGroupSettings(Duration.ofSeconds(2), 5))) {
      fixture.start(WorkerFixture.config().withConcurrency(2));
      TaskEnvelope slow = fixture.submit(Tasks.of(Tasks.echo(5_000)).prompt("slow").build());
      TaskEnvelope quick = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("quick").build());

      assertThat(fixture.awaitResult(quick.key()).outcome()).isEqualTo(new Outcome.Succeeded("quick", null));
      assertThat(fixture.awaitResult(slow.key()).outcome()).isEqualTo(new Outcome.Succeeded("slow", null));
      assertThat(fixture.results(slow.key())).hasSize(1);
      assertThat(fixture.events(slow.key())).filteredOn(TaskEvent.Started.class::isInstance).hasSize(1);
    }
  }
}
