package io.switchboard.coordinator.store;

import java.nio.charset.StandardCharsets;

/**
 * The coordinator's RocksDB column families, declared in one place. Values are the exact bytes of the
 * Kafka record they came from (the JSON of a wire record), so the store is a copy of what the topics
 * hold, never a second format.
 */
enum Column {

  /** {@code meta}: {@code "schema"} → the store layout version. */
  META(0, "meta"),

  /** {@code heads}: invocation id → an {@code invocation_accepted} record. */
  HEADS(1, "heads"),

  /** {@code chunks}: {@code <invocationId>/chunks/<n>} → a {@code targets_chunk} record. */
  CHUNKS(2, "chunks"),

  /** {@code dispatched}: task key → the attempt whose envelope is in a task topic (4 bytes, big-endian). */
  DISPATCHED(3, "dispatched"),

  /** {@code results}: task key → the terminal result that won (first per task and attempt). */
  RESULTS(4, "results"),

  /** {@code offsets}: {@code <topic>/<partition>} → the next offset to read (8 bytes, big-endian). */
  OFFSETS(5, "offsets"),

  /**
   * {@code contexts}: {@code <context id>/<seq as 19 digits>} → an appended {@code ContextEntry} record
   * (the key sorts a context's entries by seq).
   */
  CONTEXTS(6, "contexts"),

  /**
   * {@code finished}: invocation id → one byte, 1 when the invocation has a parent task, else 0. An
   * invocation here has every task terminal and its join complete: it lives on disk only and is loaded
   * when asked for (a child is still restored at start, to rebuild its parent's list of children).
   */
  FINISHED(7, "finished");

  private final int id;
  private final String name;

  Column(int id, String name) {
    this.id = id;
    this.name = name;
  }

  /** A stable id; never reused for another family. */
  int id() {
    return id;
  }

  byte[] nameBytes() {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
