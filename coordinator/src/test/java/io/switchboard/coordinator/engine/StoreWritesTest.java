package io.switchboard.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch the state store cannot take is kept and written with the next one; new work waits meanwhile. */
class StoreWritesTest {

  private static final TopicPartition RESULTS = new TopicPartition("p.results", 0);

  @Test
  void shouldWriteABatchThatFailedWithTheNextAndRefuseNewWorkMeanwhile(@TempDir Path dir) {
    try (StateStore store = StateStore.open(dir.resolve("state"))) {
      AtomicBoolean diskFull = new AtomicBoolean(true);
      Readiness readiness = new Readiness();
      readiness.moveTo(Readiness.State.RUNNING, "serving");
      StoreWrites writes = new StoreWrites(changes -> {
        if (diskFull.get()) {
          throw new IllegalStateException("cannot write the state store: No space left on device");
        }
        store.write(changes);
      }, readiness);
      Changes changes = new Changes();

      changes.result("a/0", utf8("first"));
      changes.consumed(RESULTS, 10);
      assertThat(writes.write(changes)).isFalse();
      changes.result("a/1", utf8("second"));
      changes.consumed(RESULTS, 20);
      assertThat(writes.write(changes)).isFalse();

      // no offset is stored past changes the store lacks: a restart now would read the results again
      assertThat(store.offsets()).isEmpty();
      assertThat(readiness.isRunning()).isFalse();
      assertThat(readiness.state().wireName()).isEqualTo("degraded");
      assertThat(readiness.detail()).contains("state store cannot be written", "No space left on device");

      diskFull.set(false);
      changes.result("a/2", utf8("third"));
      changes.consumed(RESULTS, 30);
      assertThat(writes.write(changes)).isTrue();

      assertThat(store.result("a/0")).isEqualTo(utf8("first"));
      assertThat(store.result("a/1")).isEqualTo(utf8("second"));
      assertThat(store.result("a/2")).isEqualTo(utf8("third"));
      assertThat(store.offsets()).containsEntry(RESULTS, 30L);
      assertThat(changes.isEmpty()).isTrue();
      assertThat(readiness.isRunning()).isTrue();
      assertThat(readiness.detail()).isEqualTo("serving");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
