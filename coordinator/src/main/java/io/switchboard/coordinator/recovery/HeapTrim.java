package io.switchboard.coordinator.recovery;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap a rebuild grew. Decoding a history (tens of thousands of intents and results, most
 * of it garbage at once) makes G1 commit far more heap than the rebuilt state needs, and G1 returns heap
 * only after a marking cycle, which a steadily working coordinator may not start for hours: the memory of
 * the restart would stay with the process. One full collection once the coordinator serves brings the heap
 * back to its live set plus the launcher's free-ratio headroom. It pauses the process once, for tens of ms
 * (the live set is small after a rebuild); skipped when less than 128 MB is committed.
 */
public final class HeapTrim {

  private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);

  /** Below this much committed heap, a full collection is not worth its pause. */
  private static final long WORTH_BYTES = 128L << 20;

  private HeapTrim() {}

  /** Starts the trim on a thread of its own (the pause is the process's either way; the caller goes on). */
  public static void afterRebuild() {
    Thread.ofPlatform().name("coordinator-heap-trim").daemon().start(HeapTrim::trim);
  }

  private static void trim() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    var before = memory.getHeapMemoryUsage();
    if (before.getCommitted() < WORTH_BYTES) {
      return;
    }
    long start = System.nanoTime();
    System.gc();
    var after = memory.getHeapMemoryUsage();
    log.info("heap after the rebuild: {} MB committed ({} MB used) -> {} MB committed ({} MB live), {} ms",
        before.getCommitted() >> 20, before.getUsed() >> 20, after.getCommitted() >> 20, after.getUsed() >> 20,
        (System.nanoTime() - start) / 1_000_000);
  }
}
