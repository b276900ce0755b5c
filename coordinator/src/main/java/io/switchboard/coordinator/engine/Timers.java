package io.switchboard.coordinator.engine;

import java.time.Duration;

/** Schedules work for the engine thread after a delay; injected so tests can drive time. */
public interface Timers extends AutoCloseable {

  /** Runs {@code action} on the engine thread once {@code delay} has passed. */
  void schedule(Duration delay, Runnable action);

  @Override
  void close();
}
