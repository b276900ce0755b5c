package io.switchboard.coordinator.engine;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.coordinator.hook.Spawn;
import io.switchboard.coordinator.hook.SpawnHook;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before any task of a new invocation is sent, every hook judges each spawn; a vetoed task is recorded
 * {@code rejected_by_hook} with the reason and never dispatched. The hooks hear of the allowed spawns
 * once the tasks are sent ({@link #announce}): the audit records of a 10,000-target invocation do not
 * hold its first task back. Runs on the engine thread.
 */
final class SpawnChecks {

  private static final Logger log = LoggerFactory.getLogger(SpawnChecks.class);

  private final CoordinatorState state;
  private final Hooks hooks;
  private final Clock clock;
  private final Watchdog.Failer failer;

  /** @param failer journals and applies a failure without refilling the window (dispatch follows) */
  SpawnChecks(CoordinatorState state, Hooks hooks, Clock clock, Watchdog.Failer failer) {
    this.state = state;
    this.hooks = hooks;
    this.clock = clock;
    this.failer = failer;
  }

  /** Judges every task of a just accepted invocation, in input order; returns the spawns allowed. */
  List<Spawn> judge(InvocationState invocation) {
    Map<String, Integer> ofAgentHere = new HashMap<>();
    invocation.tasks().forEach(t -> ofAgentHere.merge(t.agent().name(), 1, Integer::sum));
    Map<String, Integer> seenOfAgent = new HashMap<>();
    int newChildren = invocation.tasks().size();
    List<Spawn> allowed = new ArrayList<>(newChildren);
    for (TaskState task : invocation.tasks()) {
      String agent = task.agent().name();
      int before = seenOfAgent.merge(agent, 1, Integer::sum) - 1;
      int siblings = task.parent() == null ? 0 : state.children(task.parent()).size() - newChildren + task.index();
      Spawn spawn = new Spawn(task.key(), task.parent(), agent, invocation.caller(), task.depth(), siblings,
          state.activeOf(agent) - ofAgentHere.get(agent) + before, clock.instant());
      if (hooks.beforeSpawn(spawn) instanceof SpawnHook.Verdict.Veto veto) {
        log.info("task {} vetoed by a hook: {}", task.key(), veto.reason());
        failer.fail(task, ErrorCode.REJECTED_BY_HOOK, veto.reason());
      } else {
        allowed.add(spawn);
      }
    }
    return allowed;
  }

  /** Tells the hooks of the spawns {@link #judge} allowed, in input order. */
  void announce(List<Spawn> allowed) {
    allowed.forEach(hooks::afterSpawn);
  }
}
