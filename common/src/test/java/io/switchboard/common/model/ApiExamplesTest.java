package io.switchboard.common.model;

import static io.switchboard.common.json.RoundTrip.decodeOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.json.JsonCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of api.md, verbatim, read and written by the model. */
class ApiExamplesTest {

  static final String SUBMIT =
      """
      {
        "workflowId": "nightly-audit",
        "join": "all",
        "targets": [
          {"taskId": "deps", "agent": "general", "description": "audit deps",
           "prompt": "Check manifests for outdated dependencies.", "input": {"path": "."},
           "maxSteps": 2, "timeoutMs": 60000,
           "outputSchema": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}}
        ],
        "context": "independent",
        "executor": {"hint": "auto", "runner": null},
        "tools": {"mode": "inherit", "names": []},
        "parentTaskId": null,
        "maxParallel": 8,
        "failFast": false
      }
      """;

  static final String RESULT =
      """
      {
        "invocationId": "nightly-audit",
        "join": "all",
        "status": "succeeded",
        "tasks": [{"taskId": "deps", "key": "nightly-audit/deps"}],
        "outcomes": [
          {"taskId": "deps", "key": "nightly-audit/deps", "success": true, "output": "...",
           "structured": {"ok": true}, "error": null, "attempts": 1, "replayed": false}
        ]
      }
      """;

  static final String SNAPSHOT =
      """
      {"key": "nightly-audit/deps", "invocationId": "nightly-audit", "taskId": "deps", "agent": "general",
       "status": "running", "parent": null, "children": [],
       "attempts": 1, "worker": "worker-7f3a", "runner": "default", "executor": "remote",
       "createdAt": "2025-06-01T10:00:00Z", "startedAt": "2025-06-01T10:00:01Z", "finishedAt": null, "outcome": null}
      """;

  @Test
  void shouldDecodeTheSubmitExample() {
    Invocation invocation = decodeOk(SUBMIT, Invocation.class);

    assertThat(invocation.workflowId()).isEqualTo("nightly-audit");
    assertThat(invocation.join()).isEqualTo(Join.ALL);
    assertThat(invocation.context()).isEqualTo(ContextScope.INDEPENDENT);
    assertThat(invocation.executor()).isEqualTo(ExecutorHint.auto());
    assertThat(invocation.tools()).isEqualTo(ToolPolicy.inherit());
    assertThat(invocation.parentTaskId()).isNull();
    assertThat(invocation.maxParallel()).isEqualTo(8);
    assertThat(invocation.failFast()).isFalse();
    Target target = invocation.targets().get(0);
    assertThat(target.taskId()).isEqualTo("deps");
    assertThat(target.agent()).isEqualTo("general");
    assertThat(target.description()).isEqualTo("audit deps");
    assertThat(target.prompt()).isEqualTo("Check manifests for outdated dependencies.");
    assertThat(target.input().get("path").asText()).isEqualTo(".");
    assertThat(target.maxSteps()).isEqualTo(2);
    assertThat(target.timeoutMs()).isEqualTo(60_000L);
    assertThat(target.outputSchema().get("required").get(0).asText()).isEqualTo("ok");
  }

  @Test
  void shouldDecodeTheInvocationResultExample() {
    InvocationResult result = decodeOk(RESULT, InvocationResult.class);

    assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(result.tasks()).containsExactly(TaskRef.of(TaskKey.parse("nightly-audit/deps")));
    StepOutcome outcome = result.outcomes().get(0);
    assertThat(outcome.success()).isTrue();
    assertThat(outcome.structured().get("ok").asBoolean()).isTrue();
    assertThat(outcome.error()).isNull();
  }

  @Test
  void shouldEncodeInvocationResultWithErrorNullAsApiShows() throws Exception {
    InvocationResult result = decodeOk(RESULT, InvocationResult.class);

    String json = JsonCodec.encodeString(result);

    assertThat(json).contains("\"error\":null");
    assertThat(Json.mapper().readTree(json)).isEqualTo(Json.mapper().readTree(RESULT));
  }

  @Test
  void shouldEncodeSuccessWithoutStructuredAsNull() {
    StepOutcome outcome = StepOutcome.succeeded(TaskKey.parse("i/t"), "plain", null, 1, false);

    assertThat(JsonCodec.encodeString(outcome))
        .contains("\"structured\":null")
        .contains("\"error\":null");
  }

  @Test
  void shouldOmitOutcomesWhileRunning() {
    InvocationResult running =
        InvocationResult.running("inv", Join.DETACHED, List.of(TaskRef.of(TaskKey.parse("inv/0"))));

    String json = JsonCodec.encodeString(running);

    assertThat(json).doesNotContain("outcomes").contains("\"status\":\"running\"");
  }

  @Test
  void shouldDecodeAndReEncodeTheTaskSnapshotExampleWithEveryField() throws Exception {
    TaskSnapshot snapshot = decodeOk(SNAPSHOT, TaskSnapshot.class);

    assertThat(snapshot.executor()).isEqualTo(AgentSpec.Runtime.REMOTE);
    assertThat(snapshot.parent()).isNull();
    JsonNode written = Json.mapper().readTree(JsonCodec.encodeString(snapshot));
    assertThat(written).isEqualTo(Json.mapper().readTree(SNAPSHOT));
  }
}
