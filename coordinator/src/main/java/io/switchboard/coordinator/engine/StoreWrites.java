package io.switchboard.coordinator.engine;

import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.store.Changes;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the engine's batches to the state store. A batch that cannot be written (a full or failing disk)
 * stays and is written with the next one: the store never records offsets past changes it lacks, which a
 * restart would trust (its tasks would run again, its results be lost). While writes fail, the coordinator
 * is degraded: it refuses new work (the HTTP API answers 503 to all but reads) and goes on with the work it
 * has, in memory.
 */
final class StoreWrites {

  private static final Logger log = LoggerFactory.getLogger(StoreWrites.class);

  private final Consumer<Changes> store;
  private final Readiness readiness;
  private int failures;

  /** @param store writes one batch atomically, or throws */
  StoreWrites(Consumer<Changes> store, Readiness readiness) {
    this.store = store;
    this.readiness = readiness;
  }

  /**
   * Writes {@code changes} (with whatever earlier batches could not be written, which they still hold) and
   * clears them; on failure they are kept for the next write.
   *
   * @return whether everything is in the store now
   */
  boolean write(Changes changes) {
    if (changes.isEmpty()) {
      return true;
    }
    try {
      store.accept(changes);
    } catch (RuntimeException e) {
      if (failures++ == 0) {
        log.error("cannot write the state store; the batch is kept and written with the next one, new work is "
            + "refused meanwhile: {}", e.toString());
        readiness.fault("the state store cannot be written (" + e.getMessage() + "); new work is refused until "
            + "it can");
      }
      return false;
    }
    changes.clear();
    if (failures > 0) {
      log.info("the state store is written again, after {} failed writes", failures);
      failures = 0;
      readiness.faultCleared();
    }
    return true;
  }
}
