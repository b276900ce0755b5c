package io.switchboard.worker.internal.consume;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** How a lane waits for the tasks of the records it holds. */
final class TaskWait {

  private static final long WAIT_SLICE_MS = 100;
  /** Once one task of a batch finished, wait this long for the others before acknowledging. */
  private static final long GATHER_MS = 5;

  private TaskWait() {}

  /**
   * Waits until one of the tasks finished (then a few moments more for the rest of its batch), the
   * locks need renewing ({@code renewAt}, {@link System#nanoTime()}), or the lane is abandoned.
   */
  static void untilProgress(List<Held> waiting, long renewAt, BooleanSupplier abandoned) {
    CompletableFuture<?> any = CompletableFuture.anyOf(waiting.stream().map(Held::outcome)
        .toArray(CompletableFuture[]::new));
    while (!any.isDone() && System.nanoTime() < renewAt && !abandoned.getAsBoolean()) {
      long slice = Math.min(WAIT_SLICE_MS, TimeUnit.NANOSECONDS.toMillis(renewAt - System.nanoTime()) + 1);
      try {
        any.get(slice, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // check the conditions again
      } catch (InterruptedException e) {
        Thread.interrupted(); // a lane stops through its flags, not interrupts
      } catch (Exception e) {
        return; // a task failed: acknowledge it
      }
    }
    gather(waiting, renewAt);
  }

  /**
   * Fast tasks of one batch finish within moments of each other: acknowledging them together saves a
   * round of RENEWs (and their records coming back) for every task that was a millisecond behind.
   */
  private static void gather(List<Held> waiting, long renewAt) {
    long until = Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MS), renewAt);
    CompletableFuture<?> all = CompletableFuture.allOf(waiting.stream().map(Held::outcome)
        .toArray(CompletableFuture[]::new));
    long left = until - System.nanoTime();
    if (all.isDone() || left <= 0) {
      return;
    }
    try {
      all.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // the rest are slow: acknowledge what finished, renew the others
    } catch (InterruptedException e) {
      Thread.interrupted();
    } catch (Exception e) {
      // a task failed: it is acknowledged with its verdict
    }
  }
}
