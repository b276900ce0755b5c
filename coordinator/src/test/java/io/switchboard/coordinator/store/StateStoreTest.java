package io.switchboard.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store on real RocksDB: batches survive a reopen; an unusable store is replaced. */
class StateStoreTest {

  @TempDir
  Path stateDir;

  private Path dir;

  @BeforeEach
  void storeInside() {
    dir = stateDir.resolve("state"); // as the coordinator opens it: the native library goes beside it
  }

  @Test
  void shouldKeepStateAndOffsetsWrittenInOneBatchAcrossReopen() {
    TopicPartition results = new TopicPartition("p.results", 0);
    try (StateStore store = StateStore.open(dir)) {
      Changes changes = new Changes();
      changes.intent("inv", bytes("head"), Map.of("inv/chunks/0", bytes("chunk")));
      changes.dispatched("inv/0", 1);
      changes.result("inv/0", bytes("result"));
      changes.consumed(results, 41);
      changes.consumed(results, 42);
      store.write(changes);
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.offsets()).containsEntry(results, 42L);
      Map<String, String> heads = new HashMap<>();
      store.headsOf(new TreeSet<>(Set.of("inv")), (k, v) -> heads.put(k, new String(v, StandardCharsets.UTF_8)));
      assertThat(heads).containsEntry("inv", "head");
      Map<String, Integer> dispatched = new HashMap<>();
      store.dispatchedOf(new TreeSet<>(Set.of("inv")), dispatched::put);
      assertThat(dispatched).containsEntry("inv/0", 1);
      Map<String, String> stored = new HashMap<>();
      store.resultsOf(new TreeSet<>(Set.of("inv")), (k, v) -> stored.put(k, new String(v, StandardCharsets.UTF_8)));
      assertThat(stored).containsEntry("inv/0", "result");
    }
  }

  @Test
  void shouldKeepWhatItWroteWhileCompactionsWereHeldAndMergeItOnceReleased() {
    int megabytes = 80; // ten memtables' worth
    try (StateStore store = StateStore.open(dir)) {
      try (CompactionHold held = store.holdCompactions()) {
        writeResultsInNoKeyOrder(store, megabytes, 7, () -> { });
        // at most two memtables are not yet tables; held, none was merged (compactions start at four)
        assertThat(store.levelZeroTables(Column.RESULTS)).isGreaterThanOrEqualTo(8);
        held.release();
      }
      assertThat(store.levelZeroTables(Column.RESULTS)).isZero();
    }
    try (StateStore store = StateStore.open(dir)) {
      SortedSet<String> invocations = new TreeSet<>();
      IntStream.range(0, 100).forEach(i -> invocations.add("inv-" + i));
      int[] results = {0};
      store.resultsOf(invocations, (key, stored) -> results[0]++);
      assertThat(results[0]).isEqualTo(megabytes * 1000);
    }
  }

  @Test
  void shouldMergeAColumnFamilyThatHoldsTooManyTablesWhileCompactionsAreHeld() {
    try (StateStore store = StateStore.open(dir); CompactionHold held = store.holdCompactions(6)) {
      long[] most = {0};
      writeResultsInNoKeyOrder(store, 160, 11,
          () -> most[0] = Math.max(most[0], store.levelZeroTables(Column.RESULTS)));
      // 160 MB is twenty tables' worth: merged as the sixth came (looked at every 16 writes), never all kept
      assertThat(most[0]).isBetween(6L, 12L);
    }
  }

  @Test
  void shouldMergeAtOpenWhatARebuildStoppedWhileCompactionsWereHeldLeft() {
    try (StateStore store = StateStore.open(dir)) {
      store.holdCompactions(); // and never released: the process stops half-way
      writeResultsInNoKeyOrder(store, 200, 13, () -> { });
      assertThat(store.levelZeroTables(Column.RESULTS)).isGreaterThanOrEqualTo(20); // writes would slow at 20
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.levelZeroTables(Column.RESULTS)).isLessThan(4);
    }
  }

  /**
   * Writes {@code megabytes} batches of 1,000 results of 1,000 random bytes, keyed in no order over 100
   * invocations, as a rebuild reads the results topic; {@code afterEach} runs after every batch.
   */
  private static void writeResultsInNoKeyOrder(StateStore store, int megabytes, long seed, Runnable afterEach) {
    Random random = new Random(seed);
    byte[] value = new byte[1000];
    for (int batch = 0; batch < megabytes; batch++) {
      Changes changes = new Changes();
      for (int i = 0; i < 1000; i++) {
        random.nextBytes(value);
        changes.result("inv-" + random.nextInt(100) + "/" + batch + "-" + i, value.clone());
      }
      store.write(changes);
      afterEach.run();
    }
  }

  @Test
  void shouldReadOnlyTheInvocationsAskedForByTheirKeys() {
    try (StateStore store = StateStore.open(dir)) {
      Changes changes = new Changes();
      // "a-1" sorts between "a" and "a/...": a prefix scan of "a" must not take it, nor skip it when asked
      for (String id : List.of("a", "a-1", "b", "c")) {
        changes.intent(id, bytes("head " + id), Map.of(id + "/chunks/0", bytes("chunk " + id)));
        changes.dispatched(id + "/0", 2);
        changes.result(id + "/0", bytes("result " + id));
        changes.result(id + "/1", bytes("result " + id));
      }
      store.write(changes);

      SortedSet<String> asked = new TreeSet<>(Set.of("a", "a-1", "c", "missing"));
      List<String> results = new ArrayList<>();
      store.resultsOf(asked, (k, v) -> results.add(k + "=" + new String(v, StandardCharsets.UTF_8)));
      assertThat(results).containsExactlyInAnyOrder("a/0=result a", "a/1=result a", "a-1/0=result a-1",
          "a-1/1=result a-1", "c/0=result c", "c/1=result c");
      Map<String, Integer> dispatched = new HashMap<>();
      store.dispatchedOf(asked, dispatched::put);
      assertThat(dispatched).containsOnlyKeys("a/0", "a-1/0", "c/0").containsValue(2);
      List<String> chunks = new ArrayList<>();
      store.chunksOf(new TreeSet<>(Set.of("a")), (k, v) -> chunks.add(k));
      assertThat(chunks).containsExactly("a/chunks/0");
      List<String> heads = new ArrayList<>();
      store.headsOf(asked, (k, v) -> heads.add(new String(v, StandardCharsets.UTF_8)));
      assertThat(heads).containsExactly("head a", "head a-1", "head c");
      List<String> ids = new ArrayList<>();
      store.headIds(ids::add);
      assertThat(ids).containsExactly("a", "a-1", "b", "c");
    }
  }

  @Test
  void shouldReportItsNativeMemoryAndNothingOnceClosed() {
    StateStore store = StateStore.open(dir);
    Changes changes = new Changes();
    for (int i = 0; i < 1_000; i++) {
      changes.result("inv/" + i, bytes("result " + "r".repeat(200)));
    }
    store.write(changes);
    StateStore.NativeMemory memory = store.nativeMemory();
    assertThat(memory.memtableBytes()).isGreaterThan(200_000);
    assertThat(memory.cacheBytes()).isGreaterThanOrEqualTo(memory.memtableBytes()); // charged to the budget
    store.close();
    assertThat(store.nativeMemory()).isEqualTo(new StateStore.NativeMemory(0, 0, 0));
  }

  @Test
  void shouldReplaceStoreThatCannotBeOpened() throws Exception {
    try (StateStore store = StateStore.open(dir)) {
      Changes changes = new Changes();
      changes.consumed(new TopicPartition("t", 0), 7);
      store.write(changes);
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().startsWith("MANIFEST") || file.getFileName().toString().equals("CURRENT")) {
          Files.writeString(file, "garbage");
        }
      }
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.offsets()).isEmpty(); // a fresh store: the caller rebuilds from the topics
    }
  }

  @Test
  void shouldRefuseAStoreAnotherCoordinatorHasOpenInsteadOfReplacingIt() {
    TopicPartition results = new TopicPartition("p.results", 0);
    try (StateStore first = StateStore.open(dir)) {
      Changes changes = new Changes();
      changes.consumed(results, 42);
      first.write(changes);

      assertThatThrownBy(() -> StateStore.open(dir))
          .isInstanceOf(StateStore.InUseException.class)
          .hasMessageContaining("in use")
          .hasMessageContaining(dir.toString());
      assertThat(first.offsets()).containsEntry(results, 42L);
    }
    try (StateStore again = StateStore.open(dir)) {
      assertThat(again.offsets()).containsEntry(results, 42L); // nothing was wiped
    }
  }

  @Test
  void shouldForgetEverythingOnClear() {
    try (StateStore store = StateStore.open(dir)) {
      Changes changes = new Changes();
      changes.result("a/0", bytes("r"));
      changes.consumed(new TopicPartition("t", 0), 3);
      store.write(changes);
      store.clear();
      assertThat(store.offsets()).isEmpty();
      int[] count = {0};
      store.resultsOf(new TreeSet<>(Set.of("a")), (k, v) -> count[0]++);
      assertThat(count[0]).isZero();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldKeepRocksDbsNativeLibraryBesideTheStoreInsteadOfANewTemporaryCopyPerStart() {
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.offsets()).isEmpty();
    }

    assertThat(stateDir.resolve("native")).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".so"));
  }
}
