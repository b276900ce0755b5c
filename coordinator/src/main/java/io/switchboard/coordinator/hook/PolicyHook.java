package io.switchboard.coordinator.hook;

import io.switchboard.common.config.ConfigKey;
import io.switchboard.common.config.ConfigTypes;
import java.util.List;

/**
 * The built-in policy hook: vetoes a spawn past a tree depth, past a number of children per task, or past
 * a number of queued-or-running tasks per agent. A limit of 0 is no limit.
 */
final class PolicyHook implements SpawnHook {

  static final ConfigKey<Integer> MAX_DEPTH = ConfigTypes.integer("policy-max-depth", 0, 0, 1_000,
      "Policy hook: deepest task tree allowed (a top-level task is depth 0); 0 = no limit.");
  static final ConfigKey<Integer> MAX_CHILDREN = ConfigTypes.integer("policy-max-children", 0, 0, 1_000_000,
      "Policy hook: most children one task may spawn; 0 = no limit.");
  static final ConfigKey<Integer> MAX_PER_AGENT = ConfigTypes.integer("policy-max-active-per-agent", 0, 0,
      10_000_000, "Policy hook: most queued-or-running tasks of one agent; 0 = no limit.");

  static final List<ConfigKey<?>> KEYS = List.of(MAX_DEPTH, MAX_CHILDREN, MAX_PER_AGENT);

  private final int maxDepth;
  private final int maxChildren;
  private final int maxPerAgent;

  PolicyHook(int maxDepth, int maxChildren, int maxPerAgent) {
    this.maxDepth = maxDepth;
    this.maxChildren = maxChildren;
    this.maxPerAgent = maxPerAgent;
  }

  @Override
  public Verdict beforeSpawn(Spawn spawn) {
    if (maxDepth > 0 && spawn.depth() > maxDepth) {
      return new Verdict.Veto("policy: tree depth " + spawn.depth() + " is over the limit " + maxDepth);
    }
    if (maxChildren > 0 && spawn.parent() != null && spawn.siblings() >= maxChildren) {
      return new Verdict.Veto("policy: task " + spawn.parent() + " already has " + spawn.siblings()
          + " children (limit " + maxChildren + ")");
    }
    if (maxPerAgent > 0 && spawn.activeOfAgent() >= maxPerAgent) {
      return new Verdict.Veto("policy: agent " + spawn.agent() + " already has " + spawn.activeOfAgent()
          + " queued or running tasks (limit " + maxPerAgent + ")");
    }
    return Verdict.ALLOW;
  }

  /** Registered as {@code policy}. */
  public static final class Factory implements SpawnHookFactory {
    @Override
    public String name() {
      return "policy";
    }

    @Override
    public SpawnHook create(HookContext context) {
      return new PolicyHook(context.config().get(MAX_DEPTH), context.config().get(MAX_CHILDREN),
          context.config().get(MAX_PER_AGENT));
    }
  }
}
