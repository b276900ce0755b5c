package io.switchboard.coordinator.store;

/**
 * Compactions held while a rebuild loads an empty store ({@link StateStore#holdCompactions}); closing lets
 * them go without compacting first.
 */
public final class CompactionHold implements AutoCloseable {

  private final Compactions compactions;
  private final int mergeAt;

  CompactionHold(Compactions compactions, int mergeAt) {
    this.compactions = compactions;
    this.mergeAt = mergeAt;
  }

  /** Level-0 tables at which a column family is merged all the same. */
  int mergeAt() {
    return mergeAt;
  }

  /** Merges what was written while held, once, and lets compactions go as before. */
  public void release() {
    for (Column column : Column.values()) {
      compactions.compact(column);
    }
    close();
  }

  @Override
  public void close() {
    compactions.release(this);
  }
}
