package io.switchboard.common.wire;

import static io.switchboard.common.json.RoundTrip.assertRoundTrip;
import static io.switchboard.common.json.RoundTrip.decodeInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.ContextScope;
import io.switchboard.common.model.ExecutorHint;
import io.switchboard.common.model.InvocationOptions;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.ToolPolicy;
import io.switchboard.common.model.WorkerInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every record written to Kafka, and each sealed variant, survives encode → decode unchanged. */
class WireRoundTripTest {

  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
  static final TaskKey KEY = TaskKey.of("inv", "t1");
  static final AgentSpec AGENT =
      AgentSpec.of("general", new AgentKind.Command(List.of("python3", "a.py"), Map.of(), null));

  @Test
  void shouldRoundTripTaskEnvelopeWithEveryField() {
    var node = JsonNodeFactory.instance.objectNode().put("path", ".");
    assertRoundTrip(
        new TaskEnvelope(
            KEY,
            "inv",
            "t1",
            2,
            AGENT,
            "prompt",
            node,
            "desc",
            node,
            List.of("read"),
            5,
            1000L,
            T0.plusSeconds(1),
            node,
            TaskKey.of("parent", "0"),
            "default",
            T0),
        TaskEnvelope.class);
  }

  @Test
  void shouldRoundTripMinimalTaskEnvelope() {
    TaskEnvelope envelope =
        new TaskEnvelope(
            KEY, null, null, 1, AGENT, "p", null, null, null, null, null, null, null, null, null,
            "default", T0);

    assertRoundTrip(envelope, TaskEnvelope.class);
    assertThat(envelope.invocationId()).isEqualTo("inv");
    assertThat(envelope.forAttempt(2, null, T0).attempt()).isEqualTo(2);
  }

  @Test
  void shouldKeyAnEnvelopeRecordByItsTaskAndCarryItsAttemptInAHeader() {
    TaskEnvelope envelope =
        new TaskEnvelope(
            KEY, null, null, 4, AGENT, "p", null, null, null, null, null, null, null, null, null,
            "default", T0);

    var record = io.switchboard.common.kafka.WireRecords.envelope("p.tasks.default", envelope);

    assertThat(record.key()).isEqualTo(KEY.toString());
    assertThat(WireHeaders.attempt(record.headers())).hasValue(4);
    assertThat(WireHeaders.type(record.headers())).contains("TaskEnvelope");
  }

  @Test
  void shouldRefuseEnvelopeWhoseKeyDoesNotMatchItsIds() {
    Rejection rejection =
        decodeInvalid(
            "{\"key\": \"inv/t1\", \"invocationId\": \"other\", \"attempt\": 1, \"agent\":"
                + " {\"name\": \"e\", \"kind\": \"echo\"}, \"createdAt\":"
                + " \"2025-06-01T10:00:00Z\"}",
            TaskEnvelope.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.message()).contains("does not match");
  }

  @Test
  void shouldReportEnvelopeAgentErrorsUnderAgent() {
    Rejection rejection =
        decodeInvalid(
            "{\"key\": \"inv/t1\", \"attempt\": 1, \"agent\": {\"name\": \"e\", \"kind\":"
                + " \"http\"}, \"createdAt\": \"2025-06-01T10:00:00Z\"}",
            TaskEnvelope.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(rejection.field()).isEqualTo("agent.url");
  }

  @Test
  void shouldRoundTripTaskResultWithEachOutcome() {
    var structured = JsonNodeFactory.instance.objectNode().put("ok", true);
    for (Outcome outcome :
        List.of(
            new Outcome.Succeeded("{\"ok\":true}", structured),
            new Outcome.Succeeded("plain", null),
            new Outcome.Failed(new TaskError(ErrorCode.AGENT_ERROR, "exit 1", List.of("tail"))),
            new Outcome.Cancelled("by caller"))) {
      assertRoundTrip(outcome, Outcome.class);
      assertRoundTrip(
          TaskResult.of(KEY, 1, outcome, "w-1", T0, T0.plusSeconds(3)), TaskResult.class);
    }
  }

  @Test
  void shouldTagOutcomesByStatus() {
    assertThat(JsonCodec.encodeString(new Outcome.Cancelled("stop")))
        .isEqualTo("{\"status\":\"cancelled\",\"reason\":\"stop\"}");
    assertThat(JsonCodec.encodeString(new Outcome.Failed(TaskError.of(ErrorCode.TIMEOUT, "slow"))))
        .startsWith("{\"status\":\"failed\"");
  }

  @Test
  void shouldViewTaskResultsAsApiOutcomes() {
    StepOutcome cancelled =
        TaskResult.of(KEY, 2, new Outcome.Cancelled("by caller"), null, null, T0)
            .toStepOutcome(false);
    StepOutcome succeeded =
        TaskResult.of(KEY, 1, new Outcome.Succeeded("out", null), "w", T0, T0).toStepOutcome(true);

    assertThat(cancelled.success()).isFalse();
    assertThat(cancelled.error().code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(cancelled.attempts()).isEqualTo(2);
    assertThat(succeeded.success()).isTrue();
    assertThat(succeeded.output()).isEqualTo("out");
    assertThat(succeeded.replayed()).isTrue();
  }

  @Test
  void shouldRoundTripEachTaskEvent() {
    for (TaskEvent event :
        List.of(
            new TaskEvent.Started(KEY, 1, "w-1", T0),
            new TaskEvent.Heartbeat(KEY, 1, "w-1", T0),
            new TaskEvent.Progress(KEY, 1, "halfway", 5, 10, T0),
            new TaskEvent.Progress(KEY, 1, "thinking", null, null, T0),
            new TaskEvent.Log(KEY, 1, "stderr", "warning: x", T0))) {
      assertRoundTrip(event, TaskEvent.class);
    }
    assertThat(JsonCodec.encodeString(new TaskEvent.Heartbeat(KEY, 1, "w", T0)))
        .startsWith("{\"type\":\"heartbeat\"");
  }

  @Test
  void shouldRejectUnknownEventType() {
    Rejection rejection =
        decodeInvalid("{\"type\": \"exploded\", \"key\": \"i/t\"}", TaskEvent.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("type");
    assertThat(rejection.message())
        .contains("heartbeat", "'exploded'")
        .doesNotContain("io.switchboard");
  }

  @Test
  void shouldRejectMissingTypeTagWithItsPath() {
    Rejection missingType = decodeInvalid("{\"key\": \"i/t\"}", TaskEvent.class);
    Rejection missingStatus =
        decodeInvalid(
            "{\"key\": \"i/t\", \"attempt\": 1, \"outcome\": {\"reason\": \"x\"},"
                + " \"finishedAt\": \"2025-06-01T10:00:00Z\"}",
            TaskResult.class);

    assertThat(missingType.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(missingType.field()).isEqualTo("type");
    assertThat(missingStatus.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(missingStatus.field()).isEqualTo("outcome.status");
  }

  @Test
  void shouldRoundTripControlMessage() {
    assertRoundTrip(
        new ControlMessage.CancelTask(KEY, "parent cancelled", T0), ControlMessage.class);
    assertThat(JsonCodec.encodeString(new ControlMessage.CancelTask(KEY, null, T0)))
        .startsWith("{\"type\":\"cancel_task\"");
  }

  @Test
  void shouldRoundTripContextEntries() {
    var data = JsonNodeFactory.instance.objectNode().put("tool", "grep");
    assertRoundTrip(new ContextEntry("inv/t1", 3, io.switchboard.common.model.ContextEntryKind.MESSAGE, "tool",
        "found 3", data, "inv/t2", T0), ContextEntry.class);
    assertRoundTrip(new ContextEntry("inv/t1", 1, io.switchboard.common.model.ContextEntryKind.OUTPUT, "assistant",
        "done", null, null, T0), ContextEntry.class);
    assertThat(JsonCodec.encodeString(new ContextEntry("inv/t1", 1, io.switchboard.common.model.ContextEntryKind.PROMPT,
        "user", "hi", null, null, T0))).contains("\"kind\":\"prompt\"");
  }

  @Test
  void shouldRoundTripEachInvocationRecord() {
    InvocationRecord chunk =
        new InvocationRecord.TargetsChunk(
            "inv", 0, 0, List.of(Target.of("a", "p").withTaskId("0")));
    InvocationRecord accepted =
        new InvocationRecord.InvocationAccepted(
            "inv",
            new InvocationOptions(
                "inv",
                Join.ALL,
                ContextScope.INDEPENDENT,
                ExecutorHint.auto(),
                ToolPolicy.inherit(),
                null,
                4,
                false),
            1,
            1,
            T0,
            List.of(new ResolvedAgent(AgentSpec.of("a", new AgentKind.Echo(5)), "default", List.of("read"))),
            "anonymous");

    assertRoundTrip(chunk, InvocationRecord.class);
    assertRoundTrip(accepted, InvocationRecord.class);
    assertThat(((InvocationRecord.InvocationAccepted) accepted).contextUpTo()).isNull();
    assertRoundTrip(((InvocationRecord.InvocationAccepted) accepted).withContextUpTo(7L), InvocationRecord.class);
    assertThat(JsonCodec.encodeString(chunk)).startsWith("{\"type\":\"targets_chunk\"");
    assertThat(chunk.recordKey()).isEqualTo("inv/chunks/0");
    assertThat(accepted.recordKey()).isEqualTo("inv");
  }

  @Test
  void shouldRoundTripDeadLetter() {
    DeadLetter letter =
        DeadLetter.of(
            "inv/t1",
            "switchboard.tasks.default",
            3,
            42L,
            "poison: delivered 5 times",
            "{\"x\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            WireHeaders.of(TaskEnvelope.class),
            T0);

    assertRoundTrip(letter, DeadLetter.class);
  }

  @Test
  void shouldRoundTripAuditEvent() {
    assertRoundTrip(
        new AuditEvent(
            KEY, TaskKey.of("p", "0"), "general", "alice", AuditEvent.Kind.SPAWNED, T0, null),
        AuditEvent.class);
    assertRoundTrip(
        new AuditEvent(
            KEY,
            null,
            "general",
            null,
            AuditEvent.Kind.TERMINATED,
            T0,
            AuditEvent.Ending.of(StepOutcome.failed(KEY, TaskError.of(ErrorCode.TIMEOUT, "slow"), 2, false))),
        AuditEvent.class);
  }

  @Test
  void shouldRoundTripAnAuditBatchWithoutTheOutput() {
    AuditEvent spawned = new AuditEvent(KEY, null, "general", "alice", AuditEvent.Kind.SPAWNED, T0, null);
    AuditEvent ended = new AuditEvent(KEY, null, "general", "alice", AuditEvent.Kind.TERMINATED, T0,
        AuditEvent.Ending.of(StepOutcome.succeeded(KEY, "the agent's output", null, 1, false)));
    AuditBatch batch = new AuditBatch(List.of(spawned, ended));

    assertRoundTrip(batch, AuditBatch.class);
    assertThat(JsonCodec.encodeString(batch)).doesNotContain("the agent's output")
        .contains("\"outcome\":{\"success\":true,\"error\":null,\"attempts\":1}");
    assertThatThrownBy(() -> new AuditBatch(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRoundTripEachRegistryRecord() {
    RegistryRecord agent = new RegistryRecord.AgentRegistered(AGENT);
    RegistryRecord worker =
        new RegistryRecord.WorkerHeartbeat(
            new WorkerInfo("w-1", "default", List.of("general"), 1, 4, T0, "host", T0));

    assertRoundTrip(agent, RegistryRecord.class);
    assertRoundTrip(worker, RegistryRecord.class);
    assertThat(agent.recordKey()).isEqualTo("agent:general");
    assertThat(worker.recordKey()).isEqualTo("worker:w-1");
    assertThat(JsonCodec.encodeString(agent))
        .startsWith(
            "{\"type\":\"agent_registered\",\"spec\":{\"name\":\"general\",\"kind\":\"command\"");
  }
}
