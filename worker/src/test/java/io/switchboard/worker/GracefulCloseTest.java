package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.RegistryRecord;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping a worker: running tasks finish within the grace, or go back to the pool at once; it leaves the registry. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class GracefulCloseTest {

  private final TestKafka kafka;

  GracefulCloseTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldFinishRunningTaskOnCloseAndLeaveTheRegistry() {
    try (WorkerFixture fixture = new WorkerFixture(kafka)) {
      Worker worker = fixture.start();
      String key = "worker:" + worker.id();
      fixture.registry().awaitRecords(records -> records.stream().anyMatch(r -> heartbeatOf(r, worker.id())),
          WorkerFixture.WAIT);
      TaskEnvelope task = fixture.submit(Tasks.of(Tasks.echo(1_000)).prompt("almost done").build());
      fixture.awaitEvents(task.key(), events -> events.stream().anyMatch(TaskEvent.Started.class::isInstance));
      assertThat(worker.info().inFlight()).isEqualTo(1);

      worker.close();

      assertThat(fixture.results(task.key())).singleElement().satisfies(result -> {
        assertThat(result.outcome()).isEqualTo(new Outcome.Succeeded("almost done", null));
        assertThat(result.worker()).isEqualTo(worker.id());
      });
      List<ConsumerRecord<String, byte[]>> mine = fixture.registry().awaitRecords(
          records -> records.stream().anyMatch(r -> key.equals(r.key()) && r.value() == null), WorkerFixture.WAIT)
          .stream().filter(r -> key.equals(r.key())).toList();
      assertThat(mine.getLast().value()).as("the last record of %s is a tombstone", key).isNull();
    }
  }

  @Test
  void shouldHandBackTaskStillRunningWhenTheGraceRunsOut() {
    try (WorkerFixture fixture = new WorkerFixture(kafka, new ShareGroupSettings(Duration.ofSeconds(30), 5))) {
      Worker first = fixture.start(WorkerFixture.config().withGrace(Duration.ofMillis(200)));
      TaskEnvelope task = fixture.submit(Tasks.of(Tasks.echo(3_000)).build());
      fixture.awaitEvents(task.key(), events -> events.stream().anyMatch(TaskEvent.Started.class::isInstance));

      first.close(); // well before the task ends, and long before its 30 s lock would expire
      Worker second = fixture.start();
      TaskResult result = fixture.awaitResult(task.key());

      assertThat(result.worker()).isEqualTo(second.id());
      assertThat(result.outcome()).as("run by the second worker, not given up as poison")
          .isInstanceOf(Outcome.Succeeded.class);
      assertThat(fixture.results(task.key())).hasSize(1);
      // events are read from their own topic, which may trail the result a moment
      assertThat(fixture.awaitEvents(task.key(),
              events -> events.stream().filter(TaskEvent.Started.class::isInstance).count() >= 2))
          .filteredOn(TaskEvent.Started.class::isInstance)
          .extracting(e -> ((TaskEvent.Started) e).worker()).containsExactly(first.id(), second.id());
    }
  }

  private static boolean heartbeatOf(ConsumerRecord<String, byte[]> record, String workerId) {
    return record.value() != null
        && WireRecords.read(record, RegistryRecord.class) instanceof Decoded.Ok<RegistryRecord> ok
        && ok.value() instanceof RegistryRecord.WorkerHeartbeat heartbeat
        && heartbeat.info().id().equals(workerId)
        && heartbeat.info().capacity() == 8;
  }
}
