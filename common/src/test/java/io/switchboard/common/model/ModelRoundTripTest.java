package io.switchboard.common.model;

import static io.switchboard.common.json.RoundTrip.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.JsonCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every model type survives encode → decode unchanged. */
class ModelRoundTripTest {

  static final Instant T0 = Instant.parse("2025-06-01T10:00:00.123456789Z");
  static final TaskKey KEY = TaskKey.of("inv", "t1");

  static ObjectNode object(String field, String value) {
    return JsonNodeFactory.instance.objectNode().put(field, value);
  }

  static Target fullTarget() {
    return new Target(
        "t1",
        "general",
        "desc",
        "prompt",
        object("path", "."),
        5,
        1000L,
        object("type", "object"),
        new SupervisorPolicy(SupervisorPolicy.OnFailure.ESCALATE, 1, 10, 20));
  }

  @Test
  void shouldRoundTripInvocationWithEveryField() {
    assertRoundTrip(
        new Invocation(
            "wf",
            Join.ALL,
            List.of(fullTarget(), Target.of("a", "p")),
            ContextScope.SHARED,
            new ExecutorHint(ExecutorHint.Mode.REMOTE, "gpu"),
            ToolPolicy.only(List.of("read")),
            "parent/0",
            3,
            true),
        Invocation.class);
  }

  @Test
  void shouldRoundTripSparseInvocationOmittingAbsentFields() {
    Invocation sparse =
        new Invocation(
            null, null, List.of(Target.of("a", "p")), null, null, null, null, null, null);

    assertRoundTrip(sparse, Invocation.class);
    assertThat(JsonCodec.encodeString(sparse))
        .isEqualTo("{\"targets\":[{\"agent\":\"a\",\"prompt\":\"p\"}]}");
  }

  @Test
  void shouldRoundTripOptionsAndSmallRecords() {
    assertRoundTrip(
        new InvocationOptions(
            "wf",
            Join.DETACHED,
            ContextScope.INHERITED,
            ExecutorHint.auto(),
            ToolPolicy.none(),
            "p/1",
            2,
            false),
        InvocationOptions.class);
    assertRoundTrip(fullTarget(), Target.class);
    assertRoundTrip(new ExecutorHint(ExecutorHint.Mode.LOCAL, null), ExecutorHint.class);
    assertRoundTrip(ToolPolicy.only(List.of("a", "b")), ToolPolicy.class);
    assertRoundTrip(SupervisorPolicy.defaults(), SupervisorPolicy.class);
    assertRoundTrip(TaskRef.of(KEY), TaskRef.class);
    assertRoundTrip(KEY, TaskKey.class);
  }

  @Test
  void shouldRoundTripEachExecutorVariant() {
    assertRoundTrip(Executor.local(), Executor.class);
    assertRoundTrip(Executor.remote("default"), Executor.class);
    assertThat(JsonCodec.encodeString(Executor.local())).isEqualTo("{\"type\":\"local\"}");
    assertThat(JsonCodec.encodeString(Executor.remote("default")))
        .isEqualTo("{\"type\":\"remote\",\"runner\":\"default\"}");
    assertThat(Executor.remote("x").runtime()).isEqualTo(AgentSpec.Runtime.REMOTE);
  }

  @Test
  void shouldRoundTripInvocationResultAndOutcomes() {
    StepOutcome ok = StepOutcome.succeeded(KEY, "{\"ok\":true}", object("ok", "yes"), 1, false);
    StepOutcome failed =
        StepOutcome.failed(
            TaskKey.of("inv", "t2"),
            new TaskError(ErrorCode.SCHEMA_MISMATCH, "bad", List.of("$.ok: missing")),
            2,
            true);

    assertRoundTrip(
        new InvocationResult(
            "inv",
            Join.ALL,
            InvocationStatus.FAILED,
            List.of(TaskRef.of(KEY), TaskRef.of(TaskKey.of("inv", "t2"))),
            List.of(ok, failed),
            new InvocationProgress(2, 2, 1, 0, 0)),
        InvocationResult.class);
    assertRoundTrip(
        InvocationResult.running("inv", Join.DETACHED, List.of(TaskRef.of(KEY))),
        InvocationResult.class);
  }

  @Test
  void shouldRoundTripTaskSnapshot() {
    StepOutcome outcome = StepOutcome.succeeded(KEY, "out", null, 1, false);

    assertRoundTrip(
        new TaskSnapshot(
            KEY,
            "inv",
            "t1",
            "general",
            TaskStatus.SUCCEEDED,
            TaskKey.of("parent", "0"),
            List.of(TaskKey.of("child", "0")),
            1,
            "worker-1",
            "default",
            AgentSpec.Runtime.REMOTE,
            T0,
            T0.plusSeconds(1),
            T0.plusSeconds(2),
            outcome),
        TaskSnapshot.class);
  }

  @Test
  void shouldRoundTripWorkerInfo() {
    assertRoundTrip(
        new WorkerInfo("w-1", "default", List.of("general", "echo"), 2, 8, T0, "host-a", T0),
        WorkerInfo.class);
  }

  @Test
  void shouldRoundTripEveryEnum() {
    for (Join value : Join.values()) {
      assertRoundTrip(value, Join.class);
    }
    for (ContextScope value : ContextScope.values()) {
      assertRoundTrip(value, ContextScope.class);
    }
    for (TaskStatus value : TaskStatus.values()) {
      assertRoundTrip(value, TaskStatus.class);
    }
    for (InvocationStatus value : InvocationStatus.values()) {
      assertRoundTrip(value, InvocationStatus.class);
    }
    assertThat(JsonCodec.encodeString(Join.DETACHED)).isEqualTo("\"detached\"");
    assertThat(TaskStatus.fromWire("succeeded")).contains(TaskStatus.SUCCEEDED);
    assertThat(TaskStatus.SUCCEEDED.isTerminal()).isTrue();
    assertThat(TaskStatus.RUNNING.isTerminal()).isFalse();
  }
}
