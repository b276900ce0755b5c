package io.switchboard.coordinator.hook;

/**
 * Makes a hook by name; found with {@link java.util.ServiceLoader}. The built-ins are {@code audit} and
 * {@code policy}.
 */
public interface SpawnHookFactory {

  /** The name that enables it in {@code --hooks}. */
  String name();

  SpawnHook create(HookContext context);
}
