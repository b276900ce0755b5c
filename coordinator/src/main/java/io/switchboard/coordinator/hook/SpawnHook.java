package io.switchboard.coordinator.hook;

import io.switchboard.common.model.TaskSnapshot;

/**
 * A hook around the life of every task (seed 001): consulted before a task is spawned (it may veto it),
 * told after it was spawned and after it terminated. Hooks run on the engine thread: they must be quick
 * and must not block (write asynchronously, as the audit hook does, once per engine batch). Custom hooks are found with
 * {@link java.util.ServiceLoader} through {@link SpawnHookFactory} and enabled by name
 * ({@code --hooks audit,policy,mine}).
 */
public interface SpawnHook {

  /** Whether {@code spawn} may run; a veto makes its outcome {@code rejected_by_hook} with the reason. */
  default Verdict beforeSpawn(Spawn spawn) {
    return Verdict.ALLOW;
  }

  /** The task was accepted and will be dispatched. */
  default void afterSpawn(Spawn spawn) {}

  /** The task finished (succeeded, failed or cancelled); {@code snapshot} carries its outcome. */
  default void afterTerminate(TaskSnapshot snapshot, String caller) {}

  /**
   * The engine finished a batch of messages (one turn of its loop, after its state was stored): a hook
   * that gathers what it was told writes it now. Every call above comes before the {@code afterBatch} of
   * its batch.
   */
  default void afterBatch() {}

  /** A hook's answer before a spawn. */
  sealed interface Verdict {
    Verdict ALLOW = new Allow();

    record Allow() implements Verdict {}

    record Veto(String reason) implements Verdict {}
  }
}
