package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * A lane that renews the lock of a long task must not take new records meanwhile: the share consumer
   * would keep such a record out of sight until the long task ends or the record's lock runs out, while
   * the other lane sits idle. Every quick task starts on the idle lane long before a lock could expire.
   */
  @Test
  void shouldLeaveNewTasksToTheIdleLaneWhileALongTaskRenewsItsLock() {
    Duration lock = Duration.ofSeconds(2);
    try (WorkerFixture fixture = new WorkerFixture(kafka, new ShareGroupSettings(lock, 5))) {
      fixture.start(WorkerFixture.config().withConcurrency(2));
      TaskEnvelope slow = fixture.submit(Tasks.of(Tasks.echo(12_000)).prompt("slow").build());
      fixture.awaitEvents(slow.key(), events -> events.stream().anyMatch(TaskEvent.Started.class::isInstance));

      List<String> waited = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Instant submitted = Instant.now();
        TaskEnvelope quick = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("quick " + i).build());
        assertThat(fixture.awaitResult(quick.key()).outcome()).isEqualTo(new Outcome.Succeeded("quick " + i, null));
        Instant started = fixture.awaitResult(quick.key()).startedAt();
        Duration wait = Duration.between(submitted, started);
        if (wait.compareTo(lock.dividedBy(2)) >= 0) { // a healthy start takes milliseconds
          waited.add("quick " + i + " waited " + wait.toMillis() + " ms");
        }
        sleep(lock.dividedBy(2)); // let the busy lane renew (and, before the fix, fetch) once more
      }
      // before the fix a busy lane fetched after every renewal, taking about every other quick task; one
      // record may still be fetched behind the slow one as the lane takes it (design.md, the lanes)
      assertThat(waited).as("quick tasks that waited behind the busy lane").hasSizeLessThanOrEqualTo(1);
      assertThat(fixture.results(slow.key())).as("the slow task is still running").isEmpty();
      assertThat(fixture.awaitResult(slow.key()).outcome()).isEqualTo(new Outcome.Succeeded("slow", null));
      assertThat(fixture.events(slow.key())).filteredOn(TaskEvent.Started.class::isInstance).hasSize(1);
    }
  }

  /**
   * The one lane of this worker runs a task for longer than a lock lasts; a task sent meanwhile waits in
   * Kafka. The next record the lane gets after such a stretch is renewed before its task starts (its
   * client might have held it out of sight all along): it still runs, once.
   */
  @Test
  void shouldRunATaskThatWaitedBehindALongOneOnce() {
    Duration lock = Duration.ofSeconds(2);
    try (WorkerFixture fixture = new WorkerFixture(kafka, new ShareGroupSettings(lock, 5))) {
      fixture.start(WorkerFixture.config().withConcurrency(1));
      TaskEnvelope slow = fixture.submit(Tasks.of(Tasks.echo(4_000)).prompt("slow").build());
      fixture.awaitEvents(slow.key(), events -> events.stream().anyMatch(TaskEvent.Started.class::isInstance));
      // runs longer than the started event's delay: its started events count its runs
      TaskEnvelope next = fixture.submit(Tasks.of(Tasks.echo(300)).prompt("next").build());

      assertThat(fixture.awaitResult(next.key()).outcome()).isEqualTo(new Outcome.Succeeded("next", null));
      assertThat(fixture.awaitResult(slow.key()).outcome()).isEqualTo(new Outcome.Succeeded("slow", null));
      sleep(lock.multipliedBy(2)); // a second run would need its lock to expire first
      assertThat(fixture.results(next.key())).hasSize(1);
      assertThat(fixture.events(next.key())).filteredOn(TaskEvent.Started.class::isInstance).hasSize(1);
      assertThat(fixture.results(slow.key())).hasSize(1);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
