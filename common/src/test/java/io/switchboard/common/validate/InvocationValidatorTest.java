package io.switchboard.common.validate;

import static io.switchboard.common.json.RoundTrip.decodeOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.ContextScope;
import io.switchboard.common.model.ExecutorHint;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.ToolPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationValidatorTest {

  static final InvocationValidator VALIDATOR = new InvocationValidator();

  static Invocation invocation(String json) {
    return decodeOk(json, Invocation.class);
  }

  static Invocation ofTargets(List<Target> targets) {
    return new Invocation(null, null, targets, null, null, null, null, null, null);
  }

  static Rejection first(Invocation invocation) {
    List<Rejection> problems = VALIDATOR.validate(invocation);
    assertThat(problems).as("rejections").isNotEmpty();
    return problems.get(0);
  }

  static void assertRejected(Invocation invocation, RejectionCode code, String field) {
    assertThat(VALIDATOR.validate(invocation))
        .as("rejections")
        .anySatisfy(
            rejection -> {
              assertThat(rejection.code()).isEqualTo(code);
              assertThat(rejection.field()).isEqualTo(field);
            });
  }

  @Test
  void shouldAcceptTheApiExample() throws Exception {
    Invocation invocation =
        invocation(
            """
            {"workflowId": "nightly-audit", "join": "all",
             "targets": [{"taskId": "deps", "agent": "general", "description": "audit deps",
               "prompt": "Check.", "input": {"path": "."}, "maxSteps": 2, "timeoutMs": 60000,
               "outputSchema": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}}],
             "context": "independent", "executor": {"hint": "auto", "runner": null},
             "tools": {"mode": "inherit", "names": []}, "parentTaskId": null, "maxParallel": 8,
             "failFast": false}
            """);

    assertThat(VALIDATOR.validate(invocation)).isEmpty();
  }

  @Test
  void shouldAcceptMinimalInvocationAndItsNormalizedForm() {
    Invocation invocation = ofTargets(List.of(Target.of("a", "p"), Target.of("a", "q")));

    assertThat(VALIDATOR.validate(invocation)).isEmpty();
    assertThat(VALIDATOR.validate(invocation.normalized())).isEmpty();
  }

  @Test
  void shouldRejectMissingTargetsAsTooFew() {
    Rejection rejection = first(invocation("{}"));

    assertThat(rejection.code()).isEqualTo(RejectionCode.TOO_FEW_TARGETS);
    assertThat(rejection.field()).isEqualTo("targets");
    assertThat(rejection.httpStatus()).isEqualTo(422);
  }

  @Test
  void shouldRejectEmptyTargetsAsTooFew() {
    assertRejected(invocation("{\"targets\": []}"), RejectionCode.TOO_FEW_TARGETS, "targets");
  }

  @Test
  void shouldRejectMoreThanTenThousandTargets() {
    List<Target> targets = Collections.nCopies(10_001, Target.of("a", "p"));
    List<Target> named = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      named.add(targets.get(i).withTaskId("t" + i));
    }

    Rejection rejection = first(ofTargets(named));

    assertThat(rejection.code()).isEqualTo(RejectionCode.TOO_MANY_TARGETS);
    assertThat(rejection.field()).isEqualTo("targets");
  }

  @Test
  void shouldAcceptExactlyTenThousandTargets() {
    List<Target> targets = Collections.nCopies(10_000, Target.of("a", "p"));

    assertThat(VALIDATOR.validate(ofTargets(targets))).isEmpty();
  }

  @Test
  void shouldRejectJoinSingleWithTwoTargetsOnJoinField() {
    Rejection rejection =
        first(
            invocation(
                "{\"join\": \"single\", \"targets\": [{\"agent\": \"a\", \"prompt\": \"p\"},"
                    + " {\"agent\": \"a\", \"prompt\": \"q\"}]}"));

    assertThat(rejection.code()).isEqualTo(RejectionCode.JOIN_SINGLE_NEEDS_ONE_TARGET);
    assertThat(rejection.field()).isEqualTo("join");
  }

  @Test
  void shouldRejectDuplicateTaskIdWithFieldPath() {
    Rejection rejection =
        first(
            invocation(
                "{\"targets\": [{\"taskId\": \"x\", \"agent\": \"a\", \"prompt\": \"p\"},"
                    + " {\"taskId\": \"x\", \"agent\": \"a\", \"prompt\": \"q\"}]}"));

    assertThat(rejection.code()).isEqualTo(RejectionCode.DUPLICATE_TASK_ID);
    assertThat(rejection.field()).isEqualTo("targets[1].taskId");
    assertThat(rejection.message()).contains("'x'").contains("targets[0]");
  }

  @Test
  void shouldRejectExplicitTaskIdThatCollidesWithADefault() {
    Invocation invocation =
        ofTargets(List.of(Target.of("a", "p"), Target.of("a", "q").withTaskId("0")));

    assertRejected(invocation, RejectionCode.DUPLICATE_TASK_ID, "targets[1].taskId");
  }

  @Test
  void shouldRejectTaskIdWithSlashOrEmpty() {
    assertRejected(
        ofTargets(List.of(Target.of("a", "p").withTaskId("a/b"))),
        RejectionCode.INVALID_VALUE,
        "targets[0].taskId");
    assertRejected(
        ofTargets(List.of(Target.of("a", "p"), Target.of("a", "p").withTaskId(""))),
        RejectionCode.INVALID_VALUE,
        "targets[1].taskId");
  }

  @Test
  void shouldRejectMissingOrBlankAgent() {
    assertRejected(
        invocation("{\"targets\": [{\"prompt\": \"p\"}]}"),
        RejectionCode.MISSING_FIELD,
        "targets[0].agent");
    assertRejected(
        invocation(
            "{\"targets\": [{\"agent\": \"a\", \"prompt\": \"p\"}, {\"agent\": \" \", \"prompt\":"
                + " \"p\"}]}"),
        RejectionCode.MISSING_FIELD,
        "targets[1].agent");
  }

  @Test
  void shouldRejectTargetWithNeitherPromptNorInput() {
    assertRejected(
        invocation("{\"targets\": [{\"agent\": \"a\"}]}"),
        RejectionCode.MISSING_FIELD,
        "targets[0].prompt");
    assertRejected(
        invocation("{\"targets\": [{\"agent\": \"a\", \"input\": null}]}"),
        RejectionCode.MISSING_FIELD,
        "targets[0].prompt");
  }

  @Test
  void shouldAcceptInputWithoutPrompt() {
    assertThat(
            VALIDATOR.validate(
                invocation("{\"targets\": [{\"agent\": \"a\", \"input\": {\"n\": 1}}]}")))
        .isEmpty();
  }

  @Test
  void shouldRejectInheritedOrSharedContextWithoutParent() {
    for (String context : List.of("inherited", "shared")) {
      Rejection rejection =
          first(
              invocation(
                  "{\"context\": \""
                      + context
                      + "\", \"targets\": [{\"agent\": \"a\", \"prompt\": \"p\"}]}"));

      assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_PARENT);
      assertThat(rejection.field()).isEqualTo("parentTaskId");
    }
  }

  @Test
  void shouldAcceptSharedContextWithParent() {
    Invocation invocation =
        new Invocation(
            null,
            null,
            List.of(Target.of("a", "p")),
            ContextScope.SHARED,
            null,
            null,
            "inv/0",
            null,
            null);

    assertThat(VALIDATOR.validate(invocation)).isEmpty();
  }

  @Test
  void shouldRejectParentThatIsNotATaskKey() {
    Invocation invocation =
        new Invocation(
            null, null, List.of(Target.of("a", "p")), null, null, null, "nokey", null, null);

    assertRejected(invocation, RejectionCode.INVALID_VALUE, "parentTaskId");
  }

  @Test
  void shouldRejectMaxParallelBelowOne() {
    Invocation invocation =
        new Invocation(null, null, List.of(Target.of("a", "p")), null, null, null, null, 0, null);

    assertRejected(invocation, RejectionCode.INVALID_VALUE, "maxParallel");
  }

  @Test
  void shouldRejectNonPositiveLimits() {
    Invocation invocation =
        invocation(
            "{\"targets\": [{\"agent\": \"a\", \"prompt\": \"p\", \"maxSteps\": 0, \"timeoutMs\":"
                + " -5}]}");

    assertRejected(invocation, RejectionCode.INVALID_VALUE, "targets[0].maxSteps");
    assertRejected(invocation, RejectionCode.INVALID_VALUE, "targets[0].timeoutMs");
  }

  @Test
  void shouldRejectOnlyToolsWithoutNames() {
    Invocation invocation =
        new Invocation(
            null,
            null,
            List.of(Target.of("a", "p")),
            null,
            null,
            ToolPolicy.only(List.of()),
            null,
            null,
            null);

    assertRejected(invocation, RejectionCode.INVALID_VALUE, "tools.names");
  }

  @Test
  void shouldRejectNamesWithInheritOrNone() {
    for (ToolPolicy.Mode mode : List.of(ToolPolicy.Mode.INHERIT, ToolPolicy.Mode.NONE)) {
      Invocation invocation =
          new Invocation(
              null,
              null,
              List.of(Target.of("a", "p")),
              null,
              null,
              new ToolPolicy(mode, List.of("read")),
              null,
              null,
              null);

      assertRejected(invocation, RejectionCode.INVALID_VALUE, "tools.names");
    }
  }

  @Test
  void shouldRejectRunnerWithLocalHint() {
    Invocation invocation =
        new Invocation(
            null,
            null,
            List.of(Target.of("a", "p")),
            null,
            new ExecutorHint(ExecutorHint.Mode.LOCAL, "gpu"),
            null,
            null,
            null,
            null);

    assertRejected(invocation, RejectionCode.INVALID_VALUE, "executor.runner");
  }

  @Test
  void shouldRejectInvalidOutputSchemaWithItsPath() throws Exception {
    JsonNode schema = Json.mapper().readTree("{\"type\": 12}");
    Target bad = new Target(null, "a", null, "p", null, null, null, schema, null);

    Rejection rejection = first(ofTargets(List.of(Target.of("a", "p"), bad)));

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_SCHEMA);
    assertThat(rejection.field()).isEqualTo("targets[1].outputSchema");
  }

  @Test
  void shouldRejectOutputSchemaThatIsNotAnObject() {
    assertRejected(
        invocation(
            "{\"targets\": [{\"agent\": \"a\", \"prompt\": \"p\", \"outputSchema\": \"object\"}]}"),
        RejectionCode.INVALID_SCHEMA,
        "targets[0].outputSchema");
  }

  @Test
  void shouldRejectBadWorkflowIds() {
    for (String workflowId : List.of("a/b", "x".repeat(201), "")) {
      Invocation invocation =
          new Invocation(
              workflowId, null, List.of(Target.of("a", "p")), null, null, null, null, null, null);

      assertRejected(invocation, RejectionCode.INVALID_VALUE, "workflowId");
    }
    Invocation longest =
        new Invocation(
            "x".repeat(200),
            null,
            List.of(Target.of("a", "p")),
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(VALIDATOR.validate(longest)).isEmpty();
  }

  @Test
  void shouldReturnAllRejectionsTopLevelFirst() {
    Invocation invocation =
        invocation(
            "{\"join\": \"single\", \"maxParallel\": 0, \"targets\": [{\"prompt\": \"p\"},"
                + " {\"agent\": \"a\"}]}");

    assertThat(VALIDATOR.validate(invocation))
        .extracting(Rejection::field)
        .containsExactly("join", "maxParallel", "targets[0].agent", "targets[1].prompt");
  }
}
