package io.switchboard.coordinator.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large parent context fanned out to many inherited children is stored once: the bytes written to Kafka
 * (every record of the task and context topics) are the context once plus a small reference per child,
 * not the context per child.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(300)
class ContextFanOutTest {

  private static final int CHILDREN = 500;
  private static final int ENTRY_BYTES = 50 * 1024;
  private static final int ENTRIES = 4;

  @Test
  void shouldStoreABigInheritedContextOnceWhenFannedOutToManyChildren(TestKafka kafka, @TempDir Path dir)
      throws Exception {
    try (ContextHarness h = new ContextHarness(kafka, dir, c -> c)) {
      h.spawn("big", null, null, "p=summarise the corpus");
      for (int i = 0; i < ENTRIES; i++) {
        h.append("big/p", Character.toString('a' + i).repeat(ENTRY_BYTES));
      }
      int contextBytes = ENTRIES * ENTRY_BYTES;

      ObjectNode body = Json.mapper().createObjectNode().put("workflowId", "fan").put("join", "detached")
          .put("context", "inherited").put("parentTaskId", "big/p");
      var targets = body.putArray("targets");
      for (int i = 0; i < CHILDREN; i++) {
        targets.addObject().put("agent", "echo").put("prompt", "part " + i);
      }
      h.call("POST", "/v1/invocations?waitMs=0", body.toString(), 202);
      h.worker.awaitCount(CHILDREN + 1);

      // every child sees the whole parent context, then its own prompt
      for (int i : new int[] {0, CHILDREN / 2, CHILDREN - 1}) {
        List<JsonNode> entries = h.entries("fan/" + i);
        assertThat(entries).hasSize(ENTRIES + 2);
        assertThat(entries.stream().mapToInt(e -> e.path("content").asText().length()).sum())
            .isGreaterThanOrEqualTo(contextBytes);
        assertThat(entries.getLast().path("content").asText()).isEqualTo("part " + i);
      }

      long tasks = bytesIn(h, h.topics.tasks("default"));
      long contexts = bytesIn(h, h.topics.contexts());
      long copies = (long) CHILDREN * contextBytes;
      System.out.printf("fan-out of a %d-byte context to %d children: tasks topic %d bytes, contexts topic %d "
          + "bytes (%d bytes per child); copying it would be %d bytes%n", contextBytes, CHILDREN, tasks, contexts,
          tasks / (CHILDREN + 1), copies);
      assertThat(contexts).isBetween((long) contextBytes, 2L * contextBytes); // the context, once
      assertThat(tasks).isLessThan(CHILDREN * 2_000L); // a reference per child, not the entries
      assertThat(tasks + contexts).isLessThan(copies / 50);
    }
  }

  /** The key and value bytes of every record in {@code topic}. */
  private static long bytesIn(ContextHarness h, String topic) {
    try (var consumer = new KafkaClients(h.kafka).assignedConsumer("bytes-" + topic)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long bytes = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end");
        }
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        }
      }
      return bytes;
    }
  }
}
