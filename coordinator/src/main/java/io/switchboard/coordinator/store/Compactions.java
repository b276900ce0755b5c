package io.switchboard.coordinator.store;

import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's compactions beyond RocksDB's own: held while a rebuild loads an empty store
 * ({@link CompactionHold}), and a level 0 left deep by a rebuild stopped before its merge, merged at open.
 * Used by the thread that writes the store.
 */
final class Compactions {

  private static final Logger log = LoggerFactory.getLogger(Compactions.class);
  /** Level-0 tables a column family may hold while its compactions are held, before its writes slow. */
  private static final int HELD_LEVEL0_FILES = 1 << 16;
  /** Writes between two looks at level 0 while compactions are held. */
  private static final int CHECK_EVERY = 16;

  private final RocksDB db;
  private final Map<Column, ColumnFamilyHandle> handles;
  private final int level0Slowdown;
  private final int level0Stop;
  private CompactionHold hold;
  private int writes;

  /** @param options the column families' options, whose level-0 triggers a hold lets go back to */
  Compactions(RocksDB db, Map<Column, ColumnFamilyHandle> handles, ColumnFamilyOptions options) {
    this.db = db;
    this.handles = handles;
    this.level0Slowdown = options.level0SlowdownWritesTrigger();
    this.level0Stop = options.level0StopWritesTrigger();
  }

  /** Holds every column family's compactions, merging one once it holds {@code mergeAt} tables in level 0. */
  CompactionHold hold(int mergeAt) {
    if (hold != null) {
      throw new IllegalStateException("the state store's compactions are held already");
    }
    automatic(false);
    hold = new CompactionHold(this, mergeAt);
    writes = 0;
    return hold;
  }

  /** After each write: a column family held too deep is merged now, and stays held. */
  void written() {
    if (hold == null || ++writes % CHECK_EVERY != 0) {
      return;
    }
    for (Column column : Column.values()) {
      if (levelZeroTables(column) >= hold.mergeAt()) {
        compact(column);
      }
    }
  }

  /** Lets {@code released}'s compactions go, if it is the hold in force. */
  void release(CompactionHold released) {
    if (hold == released) {
      hold = null;
      automatic(true);
    }
  }

  /**
   * Merges a level 0 that a rebuild stopped while its compactions were held left deep: as it was, the
   * writes of this start would slow, or stop, until compactions caught up.
   */
  void mergeWhatAHoldLeft(Path dir) {
    for (Column column : Column.values()) {
      long tables = levelZeroTables(column);
      if (tables >= level0Slowdown) {
        log.info("state store {}: {} holds {} tables in level 0 (a rebuild stopped before it merged them): "
            + "merging them before the store is used", dir, column, tables);
        compact(column);
      }
    }
  }

  /** Merges every table of {@code column} into its last level. */
  void compact(Column column) {
    try {
      db.compactRange(handles.get(column));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot compact the state store: " + e.getMessage(), e);
    }
  }

  /** The tables of {@code column} in level 0, not yet merged by a compaction. */
  long levelZeroTables(Column column) {
    try {
      return Long.parseLong(db.getProperty(handles.get(column), "rocksdb.num-files-at-level0"));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the state store's level 0: " + e.getMessage(), e);
    }
  }

  private void automatic(boolean on) {
    try {
      for (Column column : Column.values()) {
        db.setOptions(handles.get(column), MutableColumnFamilyOptions.builder()
            .setDisableAutoCompactions(!on)
            .setLevel0SlowdownWritesTrigger(on ? level0Slowdown : HELD_LEVEL0_FILES)
            .setLevel0StopWritesTrigger(on ? level0Stop : HELD_LEVEL0_FILES)
            .build());
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot " + (on ? "resume" : "hold") + " the state store's compactions: "
          + e.getMessage(), e);
    }
  }
}
