package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tasks of the in-process kinds (echo, a custom kind, llm) through one worker on a real broker. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class EchoAgentTest {

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}";

  private final WorkerFixture fixture;
  private Worker worker;

  EchoAgentTest(TestKafka kafka) {
    this.fixture = new WorkerFixture(kafka);
  }

  @BeforeAll
  void startWorker() {
    worker = fixture.start();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void shouldEchoPromptAsOutputAndReportTheEnvelopesAttempt() {
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("hello there").attempt(3).build());

    TaskResult result = fixture.awaitResult(task.key());

    assertThat(result.outcome()).isEqualTo(new Outcome.Succeeded("hello there", null));
    assertThat(result.attempt()).isEqualTo(3);
    assertThat(result.worker()).isEqualTo(worker.id());
    assertThat(result.startedAt()).isNotNull();
    assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
  }

  /** The started event costs a record per task: a task quicker than {@code started-event-after-ms} skips it. */
  @Test
  void shouldAnnounceTheStartOfATaskOnlyOnceItRanForAWhile() throws InterruptedException {
    TaskEnvelope quick = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("quick").build());
    TaskEnvelope slow = fixture.submit(Tasks.of(Tasks.echo(500)).prompt("slow").attempt(2).build());

    TaskResult slowResult = fixture.awaitResult(slow.key());
    TaskResult quickResult = fixture.awaitResult(quick.key());

    assertThat(fixture.awaitEvents(slow.key(), events -> !events.isEmpty()))
        .first().isInstanceOfSatisfying(TaskEvent.Started.class, started -> {
          assertThat(started.worker()).isEqualTo(worker.id());
          assertThat(started.attempt()).isEqualTo(2);
          assertThat(started.at()).isEqualTo(slowResult.startedAt());
        });
    Thread.sleep(500); // a started event of the quick task would have been sent before its result
    assertThat(fixture.events(quick.key())).noneMatch(TaskEvent.Started.class::isInstance);
    assertThat(quickResult.startedAt()).isNotNull();
  }

  @Test
  void shouldReturnStructuredOutputWhenItMatchesTheSchema() {
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("{\"ok\": true}").outputSchema(SCHEMA).build());

    Outcome outcome = fixture.awaitResult(task.key()).outcome();

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, succeeded -> {
      assertThat(succeeded.output()).isEqualTo("{\"ok\": true}");
      assertThat(succeeded.structured()).isEqualTo(Tasks.json("{\"ok\":true}"));
    });
  }

  @Test
  void shouldFailWithSchemaMismatchAndTheValidatorsMessages() {
    TaskEnvelope wrongType = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("{\"ok\": \"yes\"}").outputSchema(SCHEMA).build());
    TaskEnvelope notJson = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("certainly!").outputSchema(SCHEMA).build());

    assertThat(fixture.awaitResult(wrongType.key()).outcome().toTaskError()).satisfies(error -> {
      assertThat(error.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
      assertThat(error.details()).isNotEmpty().anySatisfy(line -> assertThat(line).contains("ok"));
    });
    assertThat(fixture.awaitResult(notJson.key()).outcome().toTaskError()).satisfies(error -> {
      assertThat(error.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
      assertThat(error.message()).contains("not JSON");
    });
  }

  @Test
  void shouldFailWithTimeoutWithoutRunningWhenTheDeadlinePassed() {
    TaskEnvelope task = fixture.submit(
        Tasks.of(Tasks.echo(0)).deadline(Instant.now().minusSeconds(5)).build());

    TaskResult result = fixture.awaitResult(task.key());

    assertThat(result.outcome().toTaskError().code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(result.startedAt()).isNull();
    assertThat(fixture.events(task.key())).isEmpty();
  }

  @Test
  void shouldRunCustomKindFoundThroughServiceLoader() {
    AgentSpec upper = AgentSpec.of("shout", new AgentKind.Custom("upper", Tasks.json("{\"suffix\": \"!\"}")));
    TaskEnvelope task = fixture.submit(Tasks.of(upper).prompt("quiet please").build());

    assertThat(fixture.awaitResult(task.key()).outcome()).isEqualTo(new Outcome.Succeeded("QUIET PLEASE!", null));
    assertThat(fixture.awaitEvents(task.key(), events -> events.stream().anyMatch(TaskEvent.Progress.class::isInstance)))
        .filteredOn(TaskEvent.Progress.class::isInstance).first()
        .isInstanceOfSatisfying(TaskEvent.Progress.class, p -> assertThat(p.message()).isEqualTo("shouting"));
  }

  @Test
  void shouldFailWithUnknownAgentWhenNoFactoryServesTheKind() {
    AgentSpec unknown = AgentSpec.of("mystery", new AgentKind.Custom("no-such-kind", null));
    TaskEnvelope task = fixture.submit(Tasks.of(unknown).build());

    assertThat(fixture.awaitResult(task.key()).outcome().toTaskError()).satisfies(error -> {
      assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_AGENT);
      assertThat(error.message()).contains("no-such-kind");
    });
  }

  @Test
  void shouldFailLlmAgentsAsUnavailableInThisBuild() {
    AgentSpec llm = AgentSpec.of("chat", new AgentKind.Llm("http://127.0.0.1:1", "gpt", null));
    TaskEnvelope task = fixture.submit(Tasks.of(llm).build());

    assertThat(fixture.awaitResult(task.key()).outcome().toTaskError()).satisfies(error -> {
      assertThat(error.code()).isEqualTo(ErrorCode.AGENT_ERROR);
      assertThat(error.message()).contains("not available");
    });
  }

  @Test
  void shouldPublishHeartbeatEventsWhileTheAgentRuns() {
    TaskEnvelope task = fixture.submit(Tasks.of(Tasks.echo(1_200)).build());

    fixture.awaitResult(task.key());
    List<TaskEvent> events = fixture.awaitEvents(task.key(),
        all -> all.stream().filter(TaskEvent.Heartbeat.class::isInstance).count() >= 2);

    assertThat(events).first().isInstanceOf(TaskEvent.Started.class);
    assertThat(events).filteredOn(TaskEvent.Heartbeat.class::isInstance)
        .allSatisfy(e -> assertThat(((TaskEvent.Heartbeat) e).worker()).isEqualTo(worker.id()));
  }
}
