package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code command} kind as api.md defines it, through a worker on a real broker. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class CommandAgentTest {

  private static final String URL = "http://coordinator.test:8080";

  private final WorkerFixture fixture;
  @TempDir
  Path dir;

  CommandAgentTest(TestKafka kafka) {
    this.fixture = new WorkerFixture(kafka);
  }

  @BeforeAll
  void startWorker() {
    fixture.start(WorkerFixture.config().withCoordinatorUrl(URL));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void shouldGiveTheProgramTheTaskAsJsonOnStdinAndItsEnvironment() {
    Path script = Scripts.write(dir, "stdin.sh", """
        input=$(cat)
        printf '{"stdin": %s, "env": {"key": "%s", "attempt": "%s", "tools": "%s", "url": "%s"}}' \\
          "$input" "$SWITCHBOARD_TASK_KEY" "$SWITCHBOARD_ATTEMPT" "$SWITCHBOARD_TOOLS" "$SWITCHBOARD_URL"
        """);
    Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).key("audit", "deps").attempt(2)
        .prompt("check the deps").input("{\"path\": \".\"}")
        .tools("read", "grep").maxSteps(4).deadline(deadline).build());

    Outcome outcome = fixture.awaitResult(task.key()).outcome();

    assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
    JsonNode seen = Tasks.json(((Outcome.Succeeded) outcome).output());
    JsonNode stdin = seen.get("stdin");
    assertThat(stdin.get("key").asText()).isEqualTo("audit/deps");
    assertThat(stdin.get("taskId").asText()).isEqualTo("deps");
    assertThat(stdin.get("invocationId").asText()).isEqualTo("audit");
    assertThat(stdin.get("attempt").asInt()).isEqualTo(2);
    assertThat(stdin.get("prompt").asText()).isEqualTo("check the deps");
    assertThat(stdin.get("input")).isEqualTo(Tasks.json("{\"path\": \".\"}"));
    // an independent task's context: its own id, and its prompt as the only entry
    assertThat(stdin.get("context").get("id").asText()).isEqualTo("audit/deps");
    assertThat(stdin.get("context").get("scope").asText()).isEqualTo("independent");
    assertThat(stdin.get("context").get("entries")).hasSize(1);
    assertThat(stdin.get("context").get("entries").get(0).get("content").asText()).isEqualTo("check the deps");
    assertThat(stdin.get("tools")).isEqualTo(Tasks.json("[\"read\", \"grep\"]"));
    assertThat(stdin.get("maxSteps").asInt()).isEqualTo(4);
    assertThat(Instant.parse(stdin.get("deadline").asText())).isEqualTo(deadline);
    JsonNode env = seen.get("env");
    assertThat(env.get("key").asText()).isEqualTo("audit/deps");
    assertThat(env.get("attempt").asText()).isEqualTo("2");
    assertThat(env.get("tools").asText()).isEqualTo("read,grep");
    assertThat(env.get("url").asText()).isEqualTo(URL);
  }

  @Test
  void shouldFailWithAgentErrorCarryingTheTailOfStderr() {
    Path script = Scripts.write(dir, "exit3.sh", """
        i=0
        while [ $i -lt 30 ]; do echo "noise $i" >&2; i=$((i+1)); done
        echo "the disk is full" >&2
        exit 3
        """);
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).build());

    TaskError error = fixture.awaitResult(task.key()).outcome().toTaskError();

    assertThat(error.code()).isEqualTo(ErrorCode.AGENT_ERROR);
    assertThat(error.message()).startsWith("exit 3: ").endsWith("the disk is full").contains("noise 29")
        .doesNotContain("noise 5\n");
  }

  @Test
  void shouldFailTransientOnExit75() {
    Path script = Scripts.write(dir, "exit75.sh", "echo 'rate limited upstream' >&2\nexit 75\n");
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).build());

    TaskError error = fixture.awaitResult(task.key()).outcome().toTaskError();

    assertThat(error.code()).isEqualTo(ErrorCode.TRANSIENT);
    assertThat(error.code().isRetryable()).isTrue();
    assertThat(error.message()).contains("rate limited upstream");
  }

  @Test
  void shouldPublishEachStderrLineAsALogEvent() {
    Path script = Scripts.write(dir, "logs.sh", "echo 'step one' >&2\necho 'step two' >&2\necho done\n");
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).build());

    assertThat(fixture.awaitResult(task.key()).outcome()).isEqualTo(new Outcome.Succeeded("done\n", null));
    List<TaskEvent> events = fixture.awaitEvents(task.key(),
        all -> all.stream().filter(TaskEvent.Log.class::isInstance).count() >= 2);
    assertThat(events).filteredOn(TaskEvent.Log.class::isInstance).map(TaskEvent.Log.class::cast)
        .extracting(TaskEvent.Log::stream, TaskEvent.Log::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("stderr", "step one"),
            org.assertj.core.groups.Tuple.tuple("stderr", "step two"));
  }

  @Test
  void shouldTimeOutAndKillTheWholeProcessTree() throws Exception {
    Path pids = dir.resolve("timeout.pids");
    Path script = Scripts.write(dir, "slow.sh", """
        export PIDS='%s'
        echo $$ >> "$PIDS"
        sleep 300 &
        echo $! >> "$PIDS"
        sh -c 'sleep 300 & echo $! >> "$PIDS"; exec sleep 300' &
        echo $! >> "$PIDS"
        wait
        """.formatted(pids));
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).timeoutMs(1_500).build());
    List<Long> started = Scripts.awaitPids(pids, 4, Duration.ofSeconds(30));
    try {
      TaskResult result = fixture.awaitResult(task.key());

      assertThat(result.outcome().toTaskError()).satisfies(error -> {
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.message()).isEqualTo("timed out after 1500 ms");
      });
      assertThat(Scripts.awaitGone(started, Duration.ofSeconds(5))).isEmpty();
    } finally {
      Scripts.killAll(started);
    }
  }

  @Test
  void shouldFailWithAgentErrorWhenTheOutputDoesNotFitInAKafkaRecord() {
    Path script = Scripts.write(dir, "big.sh", "head -c 2000000 /dev/zero | tr '\\0' 'a'\n");
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).build());

    TaskError error = fixture.awaitResult(task.key()).outcome().toTaskError();

    assertThat(error.code()).isEqualTo(ErrorCode.AGENT_ERROR);
    assertThat(error.message()).startsWith("output too large");
  }

  @Test
  void shouldStopCapturingStdoutPastItsLimit() {
    Path script = Scripts.write(dir, "huge.sh", "head -c 9000000 /dev/zero | tr '\\0' 'a'\nsleep 300\n");
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.shell(script)).build());

    TaskError error = fixture.awaitResult(task.key()).outcome().toTaskError();

    assertThat(error.code()).isEqualTo(ErrorCode.AGENT_ERROR);
    assertThat(error.message()).isEqualTo("output too large: more than 8388608 bytes on stdout");
  }
}
