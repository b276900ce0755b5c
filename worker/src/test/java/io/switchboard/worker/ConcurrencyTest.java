package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many tasks run at once, observed by the tasks themselves: each one counts itself in and out of a
 * shared counter under {@code flock} and logs the count it saw on entry.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class ConcurrencyTest {

  private final TestKafka kafka;

  ConcurrencyTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldNeverRunMoreTasksAtOnceThanTheWorkersConcurrency(@TempDir Path dir) throws IOException {
    List<Integer> seen = runAndObserve(dir, 2, null, 6);

    assertThat(seen).hasSize(6);
    assertThat(seen.stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(2);
  }

  @Test
  void shouldHonourTheAgentsOwnConcurrencyLimit(@TempDir Path dir) throws IOException {
    List<Integer> seen = runAndObserve(dir, 4, 1, 4);

    assertThat(seen).hasSize(4).containsOnly(1);
  }

  private List<Integer> runAndObserve(Path dir, int workerConcurrency, Integer agentConcurrency, int tasks)
      throws IOException {
    Path script = Scripts.write(dir, "count.sh", """
        cd '%s'
        exec 9>>lock
        flock 9; n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo $n >> seen; flock -u 9
        sleep 0.4
        flock 9; n=$(cat count); echo $((n-1)) > count; flock -u 9
        echo ok
        """.formatted(dir));
    AgentSpec agent = Tasks.shell(script, agentConcurrency);
    try (WorkerFixture fixture = new WorkerFixture(kafka)) {
      fixture.start(WorkerFixture.config().withConcurrency(workerConcurrency));
      List<TaskEnvelope> sent = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        sent.add(fixture.submit(Tasks.of(agent).build()));
      }
      for (TaskEnvelope task : sent) {
        assertThat(fixture.awaitResult(task.key()).outcome()).isEqualTo(new Outcome.Succeeded("ok\n", null));
      }
    }
    return Files.readAllLines(dir.resolve("seen")).stream().map(String::strip).map(Integer::valueOf).toList();
  }
}
