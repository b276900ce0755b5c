package io.switchboard.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.InvocationOptions;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Tasks are listed in the order of their keys, page by page, however their invocations' ids compare. */
class CoordinatorStateListingTest {

  private static final AgentSpec ECHO = AgentSpec.of("echo", new AgentKind.Echo(0));

  @Test
  void shouldListTasksInKeyOrderAcrossInvocationsWhoseIdsArePrefixesOfEachOther() {
    CoordinatorState state = new CoordinatorState();
    // "abc-1/..." sorts before "abc/..." although the id "abc" sorts before "abc-1"
    state.accept(invocation("abc", "b", "10", "9"));
    state.accept(invocation("abc-1", "x"));
    state.accept(invocation("ab", "z"));
    List<String> expected = Stream.of("abc/b", "abc/10", "abc/9", "abc-1/x", "ab/z").sorted().toList();

    List<String> paged = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      List<TaskSnapshot> tasks = state.list(new CoordinatorState.TaskFilter(null, null, null), cursor, 2);
      if (tasks.isEmpty()) {
        break;
      }
      tasks.forEach(t -> paged.add(t.key().toString()));
      cursor = tasks.getLast().key().toString();
    }

    assertThat(paged).containsExactlyElementsOf(expected);
    assertThat(state.list(new CoordinatorState.TaskFilter(null, null, null), "abc", 10))
        .extracting(t -> t.key().toString()).containsExactly("abc-1/x", "abc/10", "abc/9", "abc/b");
  }

  @Test
  void shouldFindEveryTaskByKeyAndForgetThemWithTheirInvocation() {
    CoordinatorState state = new CoordinatorState();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add("t" + i);
    }
    InvocationState big = invocation("big", ids.toArray(String[]::new));
    state.accept(big);

    assertThat(ids).allSatisfy(id -> assertThat(state.task(TaskKey.of("big", id))).isPresent());
    assertThat(state.task(TaskKey.of("big", "t20"))).isEmpty();
    assertThat(state.unfinishedTasks()).hasSize(20);
  }

  private static InvocationState invocation(String id, String... taskIds) {
    InvocationOptions options = new InvocationOptions(null, Join.ALL, null, null, null, null, null, null);
    Instant at = Instant.parse("2026-12-07T00:00:00Z");
    List<TaskState> tasks = new ArrayList<>();
    for (int i = 0; i < taskIds.length; i++) {
      Target target = Target.of("echo", "p").withTaskId(taskIds[i]);
      tasks.add(new TaskState(TaskKey.of(id, taskIds[i]), i, target, ECHO, "default", List.of(), null, at));
    }
    return new InvocationState(id, options, tasks, at, "anonymous");
  }
}
