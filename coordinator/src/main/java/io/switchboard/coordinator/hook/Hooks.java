package io.switchboard.coordinator.hook;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.ConfigKey;
import io.switchboard.common.config.ConfigTypes;
import io.switchboard.common.model.TaskSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks this coordinator runs, in the order {@code --hooks} names them. The first veto wins. A hook
 * that throws is logged and treated as allowing: a broken hook must not stop the coordinator.
 */
public final class Hooks {

  private static final Logger log = LoggerFactory.getLogger(Hooks.class);

  public static final ConfigKey<String> HOOKS = ConfigTypes.string("hooks", "audit",
      "Comma-separated spawn hooks to run: audit (writes <p>.audit), policy (limits), or a custom one's name.");

  public static final ConfigGroup GROUP;

  static {
    List<ConfigKey<?>> keys = new ArrayList<>();
    keys.add(HOOKS);
    keys.addAll(PolicyHook.KEYS);
    GROUP = new ConfigGroup("Hooks", "Spawn hooks of the coordinator (before spawn, after spawn, after terminate).",
        keys);
  }

  public static final Hooks NONE = new Hooks(List.of());

  private final List<SpawnHook> hooks;

  private Hooks(List<SpawnHook> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  /** The hooks named in {@code --hooks}; an unknown name stops the start. */
  public static Hooks load(HookContext context) {
    Map<String, SpawnHookFactory> factories = new HashMap<>();
    ServiceLoader.load(SpawnHookFactory.class).forEach(f -> factories.put(f.name(), f));
    List<SpawnHook> hooks = new ArrayList<>();
    String names = context.config().get(HOOKS);
    for (String name : Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList()) {
      SpawnHookFactory factory = factories.get(name);
      if (factory == null) {
        throw new ConfigException(HOOKS.name(), "no hook named '" + name + "'; known: " + factories.keySet());
      }
      hooks.add(factory.create(context));
    }
    log.info("spawn hooks: {}", names.isBlank() ? "none" : names);
    return new Hooks(hooks);
  }

  public static Hooks of(List<SpawnHook> hooks) {
    return new Hooks(hooks);
  }

  /** These hooks followed by {@code internal}, one the coordinator runs itself (not named in {@code --hooks}). */
  public Hooks with(SpawnHook internal) {
    List<SpawnHook> all = new ArrayList<>(hooks);
    all.add(internal);
    return new Hooks(all);
  }

  public SpawnHook.Verdict beforeSpawn(Spawn spawn) {
    for (SpawnHook hook : hooks) {
      try {
        if (hook.beforeSpawn(spawn) instanceof SpawnHook.Verdict.Veto veto) {
          return veto;
        }
      } catch (RuntimeException e) {
        log.error("hook {} failed before spawning {}: {}", hook.getClass().getSimpleName(), spawn.key(), e.toString());
      }
    }
    return SpawnHook.Verdict.ALLOW;
  }

  public void afterSpawn(Spawn spawn) {
    for (SpawnHook hook : hooks) {
      try {
        hook.afterSpawn(spawn);
      } catch (RuntimeException e) {
        log.error("hook {} failed after spawning {}: {}", hook.getClass().getSimpleName(), spawn.key(), e.toString());
      }
    }
  }

  public void afterBatch() {
    for (SpawnHook hook : hooks) {
      try {
        hook.afterBatch();
      } catch (RuntimeException e) {
        log.error("hook {} failed after an engine batch: {}", hook.getClass().getSimpleName(), e.toString());
      }
    }
  }

  public void afterTerminate(TaskSnapshot snapshot, String caller) {
    for (SpawnHook hook : hooks) {
      try {
        hook.afterTerminate(snapshot, caller);
      } catch (RuntimeException e) {
        log.error("hook {} failed after {} terminated: {}", hook.getClass().getSimpleName(), snapshot.key(),
            e.toString());
      }
    }
  }
}
