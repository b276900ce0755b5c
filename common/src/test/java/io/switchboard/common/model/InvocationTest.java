package io.switchboard.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationTest {

  @Test
  void shouldFillDefaultsWhenNormalized() {
    Invocation invocation =
        new Invocation(
            null,
            null,
            List.of(Target.of("a", "p"), Target.of("a", "q")),
            null,
            null,
            null,
            null,
            null,
            null);

    Invocation normalized = invocation.normalized();

    assertThat(normalized.join()).isEqualTo(Join.ALL);
    assertThat(normalized.targets()).extracting(Target::taskId).containsExactly("0", "1");
    assertThat(normalized.context()).isEqualTo(ContextScope.INDEPENDENT);
    assertThat(normalized.executor()).isEqualTo(new ExecutorHint(ExecutorHint.Mode.AUTO, null));
    assertThat(normalized.tools()).isEqualTo(new ToolPolicy(ToolPolicy.Mode.INHERIT, List.of()));
    assertThat(normalized.failFast()).isFalse();
    assertThat(normalized.maxParallel()).isNull();
    assertThat(normalized.workflowId()).isNull();
  }

  @Test
  void shouldDefaultJoinToSingleForOneTarget() {
    Invocation invocation =
        new Invocation(
            null, null, List.of(Target.of("a", "p")), null, null, null, null, null, null);

    assertThat(invocation.normalized().join()).isEqualTo(Join.SINGLE);
  }

  @Test
  void shouldKeepGivenValuesWhenNormalized() {
    Invocation invocation =
        new Invocation(
            "wf",
            Join.DETACHED,
            List.of(Target.of("a", "p").withTaskId("x"), Target.of("a", "q")),
            ContextScope.SHARED,
            new ExecutorHint(ExecutorHint.Mode.REMOTE, "gpu"),
            ToolPolicy.only(List.of("read")),
            "p/1",
            2,
            true);

    Invocation normalized = invocation.normalized();

    assertThat(normalized.targets()).extracting(Target::taskId).containsExactly("x", "1");
    assertThat(normalized)
        .usingRecursiveComparison()
        .ignoringFields("targets")
        .isEqualTo(invocation);
  }

  @Test
  void shouldReadMissingTargetsAsEmpty() {
    assertThat(new Invocation(null, null, null, null, null, null, null, null, null).targets())
        .isEmpty();
  }

  @Test
  void shouldSplitIntoOptionsAndTargetsAndBack() {
    Invocation invocation =
        new Invocation(
            "wf",
            Join.ALL,
            List.of(Target.of("a", "p")),
            ContextScope.INHERITED,
            ExecutorHint.auto(),
            ToolPolicy.none(),
            "p/1",
            4,
            false);

    assertThat(invocation.options().withTargets(invocation.targets())).isEqualTo(invocation);
  }

  @Test
  void shouldTreatJsonNullInputAsAbsent() {
    Target target =
        new Target(
            null,
            "a",
            null,
            "p",
            com.fasterxml.jackson.databind.node.NullNode.getInstance(),
            null,
            null,
            null,
            null);

    assertThat(target.input()).isNull();
  }
}
