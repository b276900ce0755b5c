package io.switchboard.coordinator.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's state on disk: a materialized view of the topics (Kafka stays the source of truth).
 * Written only by the engine thread, one {@link Changes} batch at a time. Writes skip the fsync: what a
 * crash loses is re-read from Kafka, because the offsets in the store only ever cover what it holds.
 */
public final class StateStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StateStore.class);
  private static final byte[] SCHEMA_KEY = Changes.utf8("schema");
  private static final byte[] SCHEMA = Changes.utf8("1");
  /** Beside the store: RocksDB's native library, copied there once (see {@link RocksNative}). */
  private static final String NATIVE_DIR = "native";

  /** Native memory for memtables and the block cache together; half of it at most for memtables. */
  private static final long NATIVE_MEMORY_BYTES = 64L << 20;
  private static final long MEMTABLE_BYTES = 8L << 20;
  private static final long MAX_WAL_BYTES = 64L << 20;
  /** Bloom filter bits per key: about 1% false positives. */
  private static final double BLOOM_BITS_PER_KEY = 10;
  /** Level-0 tables a column family may hold while its compactions are held, before its writes slow. */
  private static final int HELD_LEVEL0_FILES = 1 << 16;
  /** Level-0 tables at which a column family whose compactions are held is merged all the same. */
  private static final int HELD_LEVEL0_MERGE = 256;

  private final RocksDB db;
  private final Map<Column, ColumnFamilyHandle> handles;
  private final List<AutoCloseable> owned;
  private final LRUCache cache;
  private final WriteOptions writeOptions = new WriteOptions().setSync(false);
  private final int level0Slowdown;
  private final int level0Stop;
  /** Compactions held, if they are (by the thread that writes). */
  private CompactionHold hold;
  private boolean closed;

  /**
   * What RocksDB holds outside the Java heap.
   *
   * @param cacheBytes the shared budget in use: cached blocks plus the memtables charged to it
   * @param memtableBytes the memtables of every column family
   * @param tableReaderBytes the open tables' index and filter blocks, which sit outside the cache
   */
  public record NativeMemory(long cacheBytes, long memtableBytes, long tableReaderBytes) {}

  private StateStore(RocksDB db, Map<Column, ColumnFamilyHandle> handles, List<AutoCloseable> owned,
      LRUCache cache, ColumnFamilyOptions cfOptions) {
    this.level0Slowdown = cfOptions.level0SlowdownWritesTrigger();
    this.level0Stop = cfOptions.level0StopWritesTrigger();
    this.db = db;
    this.cache = cache;
    this.handles = handles;
    this.owned = owned;
  }

  /**
   * Opens the store in {@code dir}. A store that cannot be opened or has another layout is deleted and
   * a fresh one made: the caller then rebuilds it from the topics. A store another process (or this one)
   * holds open is refused, never replaced.
   *
   * @throws InUseException when another process (or this one) holds the store open
   * @throws IllegalStateException when a fresh store cannot be made
   */
  public static StateStore open(Path dir) {
    RocksNative.load(dir.resolveSibling(NATIVE_DIR));
    try {
      StateStore store = openExisting(dir);
      byte[] schema = store.db.get(store.handles.get(Column.META), SCHEMA_KEY);
      if (schema == null || java.util.Arrays.equals(schema, SCHEMA)) {
        if (schema == null) {
          store.db.put(store.handles.get(Column.META), SCHEMA_KEY, SCHEMA);
        }
        store.mergeWhatAHoldLeft(dir);
        return store;
      }
      log.warn("state store {} has layout {}, this build writes {}: rebuilding it from the topics", dir,
          new String(schema, StandardCharsets.UTF_8), new String(SCHEMA, StandardCharsets.UTF_8));
      store.close();
    } catch (RocksDBException | RuntimeException e) {
      if (e instanceof RocksDBException && heldByAnother(e)) {
        // another coordinator (or this one, twice) runs on it: replacing it would wipe that one's store
        throw new InUseException("the state store " + dir + " is in use by another coordinator ("
            + e.getMessage() + "); each coordinator needs its own state directory", e);
      }
      log.warn("state store {} cannot be opened ({}): rebuilding it from the topics", dir, e.getMessage());
    }
    deleteRecursively(dir);
    try {
      StateStore fresh = openExisting(dir);
      fresh.db.put(fresh.handles.get(Column.META), SCHEMA_KEY, SCHEMA);
      return fresh;
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot create a state store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The store is held open by another process, or by this one: it is neither opened nor replaced. */
  public static final class InUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    InUseException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Whether RocksDB refused to open a store because its lock file is held: by another process ({@code EAGAIN}
   * from the file lock) or by this one (RocksDB's own check).
   */
  private static boolean heldByAnother(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.contains(File.separator + "LOCK")
        && (message.contains("Resource temporarily unavailable") || message.contains("lock hold by current process"));
  }

  private static StateStore openExisting(Path dir) throws RocksDBException {
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
    return new StateStore(db, handles, owned, cache, cfOptions);
  }

  /** Writes one batch of changes and the offsets they cover, atomically. */
  public void write(Changes changes) {
    if (changes.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (Changes.Put put : changes.puts()) {
        if (put.value() == null) {
          batch.delete(handles.get(put.column()), put.key());
        } else {
          batch.put(handles.get(put.column()), put.key(), put.value());
        }
      }
      for (var offset : changes.offsets().entrySet()) {
        batch.put(handles.get(Column.OFFSETS), Changes.utf8(Changes.offsetKey(offset.getKey())),
            ByteBuffer.allocate(8).putLong(offset.getValue()).array());
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot write the state store: " + e.getMessage(), e);
    }
    if (hold != null) {
      hold.written();
    }
  }

  /**
   * Holds compactions while a rebuild loads the store: a long tail read from the topics arrives in no key
   * order, and each compaction of level 0 would rewrite the whole column family it merges into (a tail of
   * 300 MB written about five times over). {@link CompactionHold#release} merges the held tables once. A
   * column family that reaches {@value #HELD_LEVEL0_MERGE} tables in level 0 (2 GB) is merged then and held
   * again: every table keeps its index and filter in memory outside the block cache until it is merged.
   */
  public CompactionHold holdCompactions() {
    return holdCompactions(HELD_LEVEL0_MERGE);
  }

  /** The same, merging a column family once it holds {@code mergeAt} tables in level 0. */
  CompactionHold holdCompactions(int mergeAt) {
    if (hold != null) {
      throw new IllegalStateException("the state store's compactions are held already");
    }
    compactions(true);
    hold = new CompactionHold(mergeAt);
    return hold;
  }

  /** Compactions held by {@link #holdCompactions}; closing lets them go without compacting first. */
  public final class CompactionHold implements AutoCloseable {

    /** Writes between two looks at level 0. */
    private static final int CHECK_EVERY = 16;

    private final int mergeAt;
    private int writes;

    private CompactionHold(int mergeAt) {
      this.mergeAt = mergeAt;
    }

    /** Merges what was written while held, once, and lets compactions go as before. */
    public void release() {
      for (Column column : Column.values()) {
        compact(column);
      }
      close();
    }

    @Override
    public void close() {
      if (hold == this) {
        hold = null;
        compactions(false);
      }
    }

    private void written() {
      if (++writes % CHECK_EVERY != 0) {
        return;
      }
      for (Column column : Column.values()) {
        if (levelZeroTables(column) >= mergeAt) {
          compact(column);
        }
      }
    }

  }

  /**
   * Merges a level 0 that a rebuild stopped while its compactions were held left deep: as it was, the
   * writes of this start would slow, or stop, until compactions caught up.
   */
  private void mergeWhatAHoldLeft(Path dir) {
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
  private void compact(Column column) {
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

  private void compactions(boolean hold) {
    try {
      for (Column column : Column.values()) {
        db.setOptions(handles.get(column), MutableColumnFamilyOptions.builder()
            .setDisableAutoCompactions(hold)
            .setLevel0SlowdownWritesTrigger(hold ? HELD_LEVEL0_FILES : level0Slowdown)
            .setLevel0StopWritesTrigger(hold ? HELD_LEVEL0_FILES : level0Stop)
            .build());
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot " + (hold ? "hold" : "resume") + " the state store's compactions: "
          + e.getMessage(), e);
    }
  }

  /** Deletes everything but the layout version: the state will be rebuilt from the topics. */
  public void clear() {
    byte[] first = new byte[0];
    byte[] last = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    try {
      for (Column column : Column.values()) {
        if (column != Column.META) {
          db.deleteRange(handles.get(column), first, last);
        }
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot clear the state store: " + e.getMessage(), e);
    }
  }

  /** Every stored offset. */
  public Map<TopicPartition, Long> offsets() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    scan(Column.OFFSETS, (key, value) -> {
      int slash = key.lastIndexOf('/');
      offsets.put(new TopicPartition(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1))),
          ByteBuffer.wrap(value).getLong());
    });
    return offsets;
  }

  /** The ids of the stored intents, without reading the intents. */
  public void headIds(Consumer<String> visitor) {
    try (RocksIterator it = db.newIterator(handles.get(Column.HEADS))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.accept(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
  }

  /** The stored intents of {@code invocationIds} (those that have one), in order. */
  public void headsOf(SortedSet<String> invocationIds, BiConsumer<String, byte[]> visitor) {
    for (String id : invocationIds) {
      byte[] head = head(id);
      if (head != null) {
        visitor.accept(id, head);
      }
    }
  }

  /** The target chunks of {@code invocationIds}, by one pass over those invocations' keys only. */
  public void chunksOf(SortedSet<String> invocationIds, BiConsumer<String, byte[]> visitor) {
    scanPrefixes(Column.CHUNKS, invocationIds, "/chunks/", visitor);
  }

  /**
   * The stored results of the tasks of {@code invocationIds}, by one pass over those invocations' keys
   * only: a start reads what its unfinished invocations need, not the whole history.
   */
  public void resultsOf(SortedSet<String> invocationIds, BiConsumer<String, byte[]> visitor) {
    scanPrefixes(Column.RESULTS, invocationIds, "/", visitor);
  }

  /** The dispatched tasks of {@code invocationIds}: key → attempt. */
  public void dispatchedOf(SortedSet<String> invocationIds, BiConsumer<String, Integer> visitor) {
    scanPrefixes(Column.DISPATCHED, invocationIds, "/",
        (key, value) -> visitor.accept(key, ByteBuffer.wrap(value).getInt()));
  }

  /** Appended context entries, in key order (by context, then seq). */
  public void contexts(BiConsumer<String, byte[]> visitor) {
    scan(Column.CONTEXTS, visitor);
  }

  /** Finished invocations: id → whether it has a parent task. */
  public void finished(BiConsumer<String, Boolean> visitor) {
    scan(Column.FINISHED, (key, value) -> visitor.accept(key, value.length > 0 && value[0] == 1));
  }

  public boolean isFinished(String invocationId) {
    return get(Column.FINISHED, invocationId) != null;
  }

  /** The {@code invocation_accepted} record of an invocation, or null. */
  public byte[] head(String invocationId) {
    return get(Column.HEADS, invocationId);
  }

  /** The stored result of a task, or null. */
  public byte[] result(String taskKey) {
    return get(Column.RESULTS, taskKey);
  }

  /** The target chunks of one invocation. */
  public void chunksOf(String invocationId, BiConsumer<String, byte[]> visitor) {
    scanPrefix(Column.CHUNKS, invocationId + "/chunks/", visitor);
  }

  /** The stored results of one invocation's tasks. */
  public void resultsOf(String invocationId, BiConsumer<String, byte[]> visitor) {
    scanPrefix(Column.RESULTS, invocationId + "/", visitor);
  }

  /**
   * The keys of stored results after {@code after} (exclusive; null for all), in key order, while
   * {@code visitor} returns true.
   */
  public void resultKeysAfter(String after, java.util.function.Predicate<String> visitor) {
    try (RocksIterator it = db.newIterator(handles.get(Column.RESULTS))) {
      if (after == null) {
        it.seekToFirst();
      } else {
        byte[] from = Changes.utf8(after);
        it.seek(from);
        if (it.isValid() && java.util.Arrays.equals(it.key(), from)) {
          it.next();
        }
      }
      for (; it.isValid(); it.next()) {
        if (!visitor.test(new String(it.key(), StandardCharsets.UTF_8))) {
          return;
        }
      }
    }
  }

  private byte[] get(Column column, String key) {
    try {
      return db.get(handles.get(column), Changes.utf8(key));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the state store: " + e.getMessage(), e);
    }
  }

  private void scanPrefix(Column column, String prefix, BiConsumer<String, byte[]> visitor) {
    try (RocksIterator it = db.newIterator(handles.get(column))) {
      visitPrefix(it, prefix, visitor);
    }
  }

  /** The entries under {@code <id><separator>} of each id, with one iterator seeking from id to id. */
  private void scanPrefixes(Column column, SortedSet<String> ids, String separator,
      BiConsumer<String, byte[]> visitor) {
    try (RocksIterator it = db.newIterator(handles.get(column))) {
      for (String id : ids) {
        visitPrefix(it, id + separator, visitor);
      }
    }
  }

  private static void visitPrefix(RocksIterator it, String prefix, BiConsumer<String, byte[]> visitor) {
    byte[] start = Changes.utf8(prefix);
    for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
      visitor.accept(new String(it.key(), StandardCharsets.UTF_8), it.value());
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private void scan(Column column, BiConsumer<String, byte[]> visitor) {
    try (RocksIterator it = db.newIterator(handles.get(column))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.accept(new String(it.key(), StandardCharsets.UTF_8), it.value());
      }
    }
  }

  /** RocksDB's native memory now; zeros once closed. Any thread (the metrics' scrapes). */
  public synchronized NativeMemory nativeMemory() {
    if (closed) {
      return new NativeMemory(0, 0, 0);
    }
    try {
      return new NativeMemory(cache.getUsage(), db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"),
          db.getAggregatedLongProperty("rocksdb.estimate-table-readers-mem"));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the state store's memory use: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writeOptions.close();
    for (ColumnFamilyHandle handle : handles.values()) {
      handle.close();
    }
    db.close();
    for (AutoCloseable o : owned) {
      try {
        o.close();
      } catch (Exception ignored) {
        // closing native handles
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
