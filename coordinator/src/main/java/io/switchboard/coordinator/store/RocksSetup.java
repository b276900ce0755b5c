package io.switchboard.coordinator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;

/** How the state store's RocksDB is tuned and opened: one column family per {@link Column}, bounded memory. */
final class RocksSetup {

  /** Native memory for memtables and the block cache together; half of it at most for memtables. */
  private static final long NATIVE_MEMORY_BYTES = 64L << 20;
  private static final long MEMTABLE_BYTES = 8L << 20;
  private static final long MAX_WAL_BYTES = 64L << 20;
  /** Bloom filter bits per key: about 1% false positives. */
  private static final double BLOOM_BITS_PER_KEY = 10;

  /**
   * An open RocksDB and what it needs kept.
   *
   * @param owned the native objects to close after the database, the handles first
   * @param columnOptions the options every column family was opened with
   */
  record Opened(RocksDB db, Map<Column, ColumnFamilyHandle> handles, List<AutoCloseable> owned, LRUCache cache,
      ColumnFamilyOptions columnOptions) {}

  private RocksSetup() {}

  /** Opens (or creates) the database in {@code dir}. */
  static Opened open(Path dir) throws RocksDBException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // bounded native memory: memtables and block cache share one LRU budget (RocksDB's own default,
    // optimizeLevelStyleCompaction, lets each column family hold up to 128 MB of memtables: the whole
    // history of a busy coordinator stayed in memory, and in the log replayed after a crash)
    LRUCache cache = new LRUCache(NATIVE_MEMORY_BYTES);
    // point lookups (is this invocation finished? did an earlier start store this task's result?) mostly miss:
    // a filter per table answers them without reading its blocks
    BloomFilter filter = new BloomFilter(BLOOM_BITS_PER_KEY);
    WriteBufferManager writeBuffers = new WriteBufferManager(NATIVE_MEMORY_BYTES / 2, cache);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
        .setWriteBufferSize(MEMTABLE_BYTES)
        .setMaxWriteBufferNumber(2)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column column : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(column.nameBytes(), cfOptions));
    }
    DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setWriteBufferManager(writeBuffers)
        .setMaxTotalWalSize(MAX_WAL_BYTES); // a quiet column family's memtable is flushed, not kept in the log
    List<ColumnFamilyHandle> list = new ArrayList<>();
    RocksDB db = RocksDB.open(options, dir.toString(), descriptors, list);
    Map<Column, ColumnFamilyHandle> handles = new HashMap<>();
    for (Column column : Column.values()) {
      handles.put(column, list.get(column.ordinal() + 1));
    }
    List<AutoCloseable> owned = new ArrayList<>(list);
    owned.add(options);
    owned.add(cfOptions);
    owned.add(writeBuffers);
    owned.add(cache);
    owned.add(filter);
    return new Opened(db, handles, owned, cache, cfOptions);
  }
}
