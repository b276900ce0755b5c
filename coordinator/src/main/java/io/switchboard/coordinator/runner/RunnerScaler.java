package io.switchboard.coordinator.runner;

import io.switchboard.common.model.WorkerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drives the runner initializers: every tick it asks the engine for an immutable
 * {@link RunnerDemand} (computed on the engine thread), reads the live workers, and lets each initializer
 * reconcile. Being the only caller, it is what keeps an initializer from starting twice for one demand.
 */
public final class RunnerScaler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunnerScaler.class);
  private static final Duration DEMAND_TIMEOUT = Duration.ofSeconds(10);

  private final Runners runners;
  private final Function<Set<String>, CompletableFuture<RunnerDemand>> demand;
  private final Supplier<List<WorkerInfo>> liveWorkers;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("coordinator-runner-scaler").daemon().unstarted(r));

  /**
   * @param demand asks the engine for the demand of some runners (answered from the engine thread)
   * @param liveWorkers the live workers of every runner
   */
  public RunnerScaler(Runners runners, Function<Set<String>, CompletableFuture<RunnerDemand>> demand,
      Supplier<List<WorkerInfo>> liveWorkers) {
    this.runners = runners;
    this.demand = demand;
    this.liveWorkers = liveWorkers;
  }

  /** Starts ticking every {@code period}; nothing runs when no runner is configured. */
  public RunnerScaler start(Duration period) {
    if (!runners.isEmpty()) {
      thread.scheduleWithFixedDelay(this::tickSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** One round: every initializer sees the same demand snapshot and live workers. */
  void tick() throws Exception {
    RunnerDemand now = demand.apply(runners.startableRunners())
        .get(DEMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    List<WorkerInfo> live = liveWorkers.get();
    for (RunnerInitializer initializer : runners.initializers()) {
      List<WorkerInfo> serving = live.stream().filter(w -> w.runner().equals(initializer.runner())).toList();
      try {
        initializer.reconcile(now.of(initializer.runner()), serving);
      } catch (RuntimeException e) {
        log.error("runner '{}' failed to reconcile: {}", initializer.runner(), e.toString(), e);
      }
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("runner scaler skipped a round: {}", e.toString());
    }
  }

  /** Stops ticking (the initializers are closed by {@link Runners#close}). */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
