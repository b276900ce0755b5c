package io.switchboard.worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A worker's executors: one named timer thread for heartbeats and time limits, and one virtual thread
 * per task ({@code sb-task-N}). Closing waits a little for tasks, then interrupts them.
 */
final class WorkerThreads implements AutoCloseable {

  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService tasks;

  WorkerThreads() {
    timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("sb-worker-timer").daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sb-task-", 0).factory());
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  ExecutorService tasks() {
    return tasks;
  }

  @Override
  public void close() {
    tasks.shutdown();
    timer.shutdown();
    try {
      if (!tasks.awaitTermination(5, TimeUnit.SECONDS)) {
        tasks.shutdownNow();
      }
      if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      tasks.shutdownNow();
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
