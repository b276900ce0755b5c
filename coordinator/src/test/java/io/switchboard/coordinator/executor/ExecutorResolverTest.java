package io.switchboard.coordinator.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Executor;
import io.switchboard.common.model.ExecutorHint;
import io.switchboard.common.model.WorkerInfo;
import io.switchboard.common.topic.Topics;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every combination of the executor axis: the agent's runtimes × the caller's hint × whether the runner is
 * served (a live worker, an initializer that starts one, or neither) × whether this coordinator runs a
 * local executor. The agent's own runner is {@code default}; {@code gpu} is a runner the caller names.
 */
class ExecutorResolverTest {

  @ParameterizedTest(name = "{0} hint {1} runner {2} served {3} startable {4} local {5} -> {6} {7}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // runtimes    | hint   | runner | served  | startable | local | expected    | field
      "local         | auto   | -      | default | -         | on    | local       | -",
      "local         | auto   | -      | -       | -         | on    | local       | -",
      "local         | auto   | -      | default | -         | off   | no_executor | targets[0].agent",
      "local         | auto   | -      | -       | -         | off   | no_executor | targets[0].agent",
      "local         | local  | -      | default | -         | on    | local       | -",
      "local         | local  | -      | -       | -         | on    | local       | -",
      "local         | local  | -      | -       | -         | off   | no_executor | executor.hint",
      "local         | remote | -      | default | -         | on    | no_executor | executor.hint",
      "local         | remote | -      | -       | -         | on    | no_executor | executor.hint",
      "remote        | auto   | -      | default | -         | on    | remote:default | -",
      "remote        | auto   | -      | -       | -         | on    | remote:default | -",
      "remote        | auto   | -      | -       | -         | off   | remote:default | -",
      "remote        | local  | -      | default | -         | on    | no_executor | executor.hint",
      "remote        | local  | -      | -       | -         | on    | no_executor | executor.hint",
      "remote        | remote | -      | default | -         | on    | remote:default | -",
      "remote        | remote | -      | -       | -         | on    | remote:default | -",
      "remote        | remote | -      | -       | default   | off   | remote:default | -",
      "local,remote  | auto   | -      | default | -         | on    | remote:default | -",
      "local,remote  | auto   | -      | -       | default   | on    | remote:default | -",
      "local,remote  | auto   | -      | -       | -         | on    | local       | -",
      "local,remote  | auto   | -      | -       | -         | off   | remote:default | -",
      "local,remote  | local  | -      | default | -         | on    | local       | -",
      "local,remote  | local  | -      | -       | -         | off   | no_executor | executor.hint",
      "local,remote  | remote | -      | default | -         | on    | remote:default | -",
      "local,remote  | remote | -      | -       | -         | on    | remote:default | -",
      // a runner the caller names must be live: a worker serves it or an initializer starts it
      "remote        | remote | gpu    | gpu     | -         | on    | remote:gpu  | -",
      "remote        | remote | gpu    | -       | gpu       | on    | remote:gpu  | -",
      "remote        | remote | gpu    | default | -         | on    | no_executor | executor.runner",
      "remote        | auto   | gpu    | gpu     | -         | off   | remote:gpu  | -",
      "remote        | auto   | gpu    | default | -         | on    | no_executor | executor.runner",
      "local,remote  | auto   | gpu    | gpu     | -         | on    | remote:gpu  | -",
      "local,remote  | auto   | gpu    | default | -         | on    | local       | -",
      "local,remote  | auto   | gpu    | default | -         | off   | no_executor | executor.runner",
      "local,remote  | remote | gpu    | -       | -         | on    | no_executor | executor.runner",
      "local         | remote | gpu    | gpu     | -         | on    | no_executor | executor.hint",
  })
  void shouldResolveEveryCombination(String runtimes, String hint, String runner, String served, String startable,
      String local, String expected, String field) {
    Resolution resolution = ExecutorResolver.resolve(agent("x", runtimes), hint(hint, runner),
        new RunnerSupply(local.equals("on"), names(served), names(startable)), "targets[0].agent");
    switch (resolution) {
      case Resolution.Resolved resolved -> {
        assertThat(expected).as("resolved to %s", resolved.executor()).isNotEqualTo("no_executor");
        assertThat(resolved.executor()).isEqualTo(expected.equals("local") ? Executor.local()
            : Executor.remote(expected.substring("remote:".length())));
      }
      case Resolution.Refused refused -> {
        assertThat(expected).as("refused: %s", refused.rejection()).isEqualTo("no_executor");
        assertThat(refused.rejection().code()).isEqualTo(RejectionCode.NO_EXECUTOR);
        assertThat(refused.rejection().field()).isEqualTo(field);
      }
    }
  }

  @Test
  void shouldSayWhichSetsWereEmpty() {
    var refused = (Resolution.Refused) ExecutorResolver.resolve(agent("x", "local"), hint("remote", null),
        new RunnerSupply(true, Set.of("default"), Set.of()), "targets[2].agent");
    assertThat(refused.rejection().message())
        .contains("targets[2]: agent 'x' does not allow remote")
        .contains("agent 'x' allows [local]; hint remote")
        .contains("runners served: [default]")
        .contains("startable on demand: []")
        .contains("local executor: on");

    var unserved = (Resolution.Refused) ExecutorResolver.resolve(agent("x", "remote"), hint("remote", "gpu"),
        new RunnerSupply(false, Set.of("default"), Set.of("batch")), "targets[0].agent");
    assertThat(unserved.rejection().message())
        .contains("no live worker serves runner 'gpu' and no runner initializer starts it")
        .contains("runners served: [default]; startable on demand: [batch]; local executor: off");
  }

  @Test
  void shouldNotCountTheLocalExecutorsOwnHeartbeatsAsARemoteRunner() {
    Instant now = Instant.now();
    RunnerSupply supply = RunnerSupply.of(true, List.of(
        new WorkerInfo("local-w", Topics.LOCAL_RUNNER, List.of(), 0, 4, now, "h", now),
        new WorkerInfo("w-1", "gpu", List.of(), 0, 4, now, "h", now)), Set.of("batch"));
    assertThat(supply.served()).containsExactly("gpu");
    assertThat(supply.canServe("gpu")).isTrue();
    assertThat(supply.canServe("batch")).isTrue();
    assertThat(supply.canServe(Topics.LOCAL_RUNNER)).isFalse();
  }

  @Test
  void shouldMapExecutorsToTheirRoutesAndBack() {
    assertThat(ExecutorRoutes.routeOf(Executor.local())).isEqualTo("local");
    assertThat(ExecutorRoutes.routeOf(Executor.remote("gpu"))).isEqualTo("gpu");
    assertThat(ExecutorRoutes.executorOf("local")).isEqualTo(Executor.local());
    assertThat(ExecutorRoutes.executorOf("default")).isEqualTo(Executor.remote("default"));
  }

  private static AgentSpec agent(String name, String runtimes) {
    List<AgentSpec.Runtime> allowed = Arrays.stream(runtimes.split(","))
        .map(r -> AgentSpec.Runtime.valueOf(r.strip().toUpperCase(java.util.Locale.ROOT))).toList();
    return new AgentSpec(name, new AgentKind.Echo(0), allowed, "default", null, null, null, null, null);
  }

  private static ExecutorHint hint(String mode, String runner) {
    return new ExecutorHint(ExecutorHint.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), runner);
  }

  private static Set<String> names(String text) {
    return text == null ? Set.of() : Set.of(text.split(","));
  }
}
