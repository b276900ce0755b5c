package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code CancelTask} on {@code <p>.control}: a running task dies with its process tree; a later one never runs. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class CancellationTest {

  private final TestKafka kafka;

  CancellationTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldKillWholeProcessTreeOnCancel(@TempDir Path dir) throws Exception {
    Path pids = dir.resolve("tree.pids");
    Path script = Scripts.write(dir, "tree.sh", """
        export PIDS='%s'
        sleep 300 &
        echo $! >> "$PIDS"
        sh -c 'sleep 300 & echo $! >> "$PIDS"; exec sleep 300' &
        echo $! >> "$PIDS"
        echo $$ >> "$PIDS"
        wait
        """.formatted(pids));
    try (WorkerFixture fixture = new WorkerFixture(kafka)) {
      fixture.start();
      TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).build());
      List<Long> started = Scripts.awaitPids(pids, 4, Duration.ofSeconds(30));
      try {
        assertThat(started).allMatch(Scripts::running);

        fixture.cancel(task.key(), "the user changed their mind");
        TaskResult result = fixture.awaitResult(task.key());

        assertThat(result.outcome()).isEqualTo(new Outcome.Cancelled("the user changed their mind"));
        assertThat(result.startedAt()).isNotNull();
        assertThat(Scripts.awaitGone(started, Duration.ofSeconds(5))).isEmpty();
      } finally {
        Scripts.killAll(started);
      }
    }
  }

  @Test
  void shouldSkipTaskCancelledBeforeItWasDelivered(@TempDir Path dir) {
    Path marker = dir.resolve("ran");
    Path script = Scripts.write(dir, "marker.sh", "touch '" + marker + "'\necho ran\n");
    try (WorkerFixture fixture = new WorkerFixture(kafka)) {
      TaskEnvelope task = Tasks.of(Tasks.shell(script)).build();
      fixture.cancel(task.key(), "not needed any more");
      fixture.submit(task);
      fixture.start(); // a worker that starts later still knows the cancel

      TaskResult result = fixture.awaitResult(task.key());

      assertThat(result.outcome()).isEqualTo(new Outcome.Cancelled("not needed any more"));
      assertThat(result.startedAt()).isNull();
      assertThat(Files.exists(marker)).isFalse();
      assertThat(fixture.events(task.key())).noneMatch(TaskEvent.Started.class::isInstance);
    }
  }
}
