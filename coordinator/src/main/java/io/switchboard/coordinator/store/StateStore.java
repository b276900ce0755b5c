package io.switchboard.coordinator.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
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

  /** Level-0 tables at which a column family whose compactions are held is merged all the same. */
  private static final int HELD_LEVEL0_MERGE = 256;

  private final RocksDB db;
  private final Map<Column, ColumnFamilyHandle> handles;
  private final List<AutoCloseable> owned;
  private final LRUCache cache;
  private final WriteOptions writeOptions = new WriteOptions().setSync(false);
  private final Compactions compactions;
  private boolean closed;

  /**
   * What RocksDB holds outside the Java heap.
   *
   * @param cacheBytes the shared budget in use: cached blocks plus the memtables charged to it
   * @param memtableBytes the memtables of every column family
   * @param tableReaderBytes the open tables' index and filter blocks, which sit outside the cache
   */
  public record NativeMemory(long cacheBytes, long memtableBytes, long tableReaderBytes) {}

  private StateStore(RocksSetup.Opened opened) {
    this.db = opened.db();
    this.handles = opened.handles();
    this.owned = opened.owned();
    this.cache = opened.cache();
    this.compactions = new Compactions(db, handles, opened.columnOptions());
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
        store.compactions.mergeWhatAHoldLeft(dir);
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
    return new StateStore(RocksSetup.open(dir));
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
    compactions.written();
  }

  /**
   * Holds compactions while a rebuild loads the store: a long tail read from the topics arrives in no key
   * order, and each compaction of level 0 would rewrite the whole column family it merges into (a tail of
   * 300 MB written about five times over). {@link CompactionHold#release} merges the held tables once. A
   * column family that reaches {@value #HELD_LEVEL0_MERGE} tables in level 0 (2 GB) is merged then and held
   * again: every table keeps its index and filter in memory outside the block cache until it is merged.
   */
  public CompactionHold holdCompactions() {
    return compactions.hold(HELD_LEVEL0_MERGE);
  }

  /** The same, merging a column family once it holds {@code mergeAt} tables in level 0. */
  CompactionHold holdCompactions(int mergeAt) {
    return compactions.hold(mergeAt);
  }

  /** The tables of {@code column} in level 0, not yet merged by a compaction. */
  long levelZeroTables(Column column) {
    return compactions.levelZeroTables(column);
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
