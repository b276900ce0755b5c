package io.switchboard.coordinator.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Timers on a scheduler thread that hand each due action to the engine thread. */
public final class ScheduledTimers implements Timers {

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("coordinator-timers").daemon()
          .unstarted(r));
  private volatile Engine engine;

  /** Binds the engine that runs the actions (the engine needs the timers to be built first). */
  public void bind(Engine target) {
    this.engine = target;
  }

  @Override
  public void schedule(Duration delay, Runnable action) {
    scheduler.schedule(() -> engine.post(action), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
