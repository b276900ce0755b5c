package io.switchboard.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.InvocationOptions;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.Target;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
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

  /**
   * The engine moves a finished invocation to disk while an HTTP thread fills a page: the live tasks were
   * taken before the move, the history finds the invocation gone from memory after it. Each task is listed
   * once.
   */
  @Test
  void shouldListATaskOnceWhenItsInvocationMovesToDiskWhileThePageIsFilled() {
    InvocationState done = invocation("done", "a", "b");
    CoordinatorState[] state = new CoordinatorState[1];
    state[0] = new CoordinatorState(new MovingHistory(done, () -> state[0].retire(done)));
    state[0].accept(done);
    for (String id : List.of("a", "b")) {
      state[0].finished(TaskResult.of(TaskKey.of("done", id), 1, new Outcome.Succeeded(id, null), "w",
          Instant.EPOCH, Instant.EPOCH), false);
    }
    assertThat(done.isFinished()).isTrue();

    List<String> listed = state[0].list(new CoordinatorState.TaskFilter(null, null, null), null, 10).stream()
        .map(t -> t.key().toString()).toList();

    assertThat(listed).containsExactly("done/a", "done/b");
    assertThat(state[0].inMemoryCount()).as("moved to disk during the listing").isZero();
  }

  /** A history that, when first read for task keys, lets {@code move} put {@code invocation} in it. */
  private static final class MovingHistory implements FinishedHistory {
    private final InvocationState invocation;
    private final Runnable move;
    private boolean moved;

    MovingHistory(InvocationState invocation, Runnable move) {
      this.invocation = invocation;
      this.move = move;
    }

    @Override
    public boolean contains(String invocationId) {
      return moved && invocationId.equals(invocation.id());
    }

    @Override
    public Optional<InvocationState> load(String invocationId, CoordinatorState state) {
      return contains(invocationId) ? Optional.of(invocation) : Optional.empty();
    }

    // what the history keeps besides is the real one's business: this one holds one invocation, as moved
    @Override
    public void recent(InvocationState recent) {
      FinishedHistory.NONE.recent(recent);
    }

    @Override
    public void forget(String invocationId) {
      FinishedHistory.NONE.forget(invocationId);
    }

    @Override
    public void forgetAll() {
      FinishedHistory.NONE.forgetAll();
    }

    @Override
    public void taskKeysAfter(String after, Predicate<String> visitor) {
      if (!moved) {
        move.run();
        moved = true;
      }
      for (String key : List.of("done/a", "done/b")) {
        if ((after == null || key.compareTo(after) > 0) && !visitor.test(key)) {
          return;
        }
      }
    }
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
