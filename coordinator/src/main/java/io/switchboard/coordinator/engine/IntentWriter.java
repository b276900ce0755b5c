package io.switchboard.coordinator.engine;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes invocations' intents (target chunks, then the head, all in the invocation's partition of
 * {@code <p>.invocations}) and counts their acknowledgements. Used by the engine thread only; the
 * producer's callbacks come back as {@link EngineMessage.IntentWritten} messages.
 */
final class IntentWriter {

  private static final Logger log = LoggerFactory.getLogger(IntentWriter.class);

  /** An intent Kafka has in full: what the engine needs to accept it and store it. */
  record Written(PlannedInvocation plan, List<CompletableFuture<SubmitOutcome>> replies, byte[] head,
      Map<String, byte[]> chunks, int partition, long nextOffset) {}

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Consumer<EngineMessage> inbox;
  private final Map<String, Pending> pending = new HashMap<>();
  private int partitions;

  IntentWriter(Producer<String, byte[]> producer, Topics topics, Consumer<EngineMessage> inbox) {
    this.producer = producer;
    this.topics = topics;
    this.inbox = inbox;
  }

  /** Writes {@code plan}'s intent, or joins the write under way for the same id. */
  void write(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply) {
    String id = plan.id();
    Pending already = pending.get(id);
    if (already != null) {
      already.replies.add(reply); // the same id submitted twice at once: one intent, both wait
      return;
    }
    Pending intent = new Pending(plan, reply, plan.chunks().size() + 1);
    pending.put(id, intent);
    int partition = partitionOf(id);
    for (var chunk : plan.chunks()) {
      var record = WireRecords.of(topics.invocations(), partition, chunk.recordKey(), chunk);
      intent.chunks.put(chunk.recordKey(), record.value());
      producer.send(record, (meta, e) -> ack(id, meta, e));
    }
    var head = WireRecords.of(topics.invocations(), partition, plan.head().recordKey(), plan.head());
    intent.head = head.value();
    producer.send(head, (meta, e) -> ack(id, meta, e));
  }

  /**
   * One record of an intent was written (or failed).
   *
   * @return the intent once Kafka has all of it; null while records are missing or after a failure
   *     (whose waiters are told here)
   */
  Written written(String id, int partition, long offset, Throwable error) {
    Pending intent = pending.get(id);
    if (intent == null) {
      return null; // already failed
    }
    if (error != null) {
      pending.remove(id);
      log.warn("invocation {} not accepted: its intent could not be written: {}", id, error.toString());
      intent.replies.forEach(r -> r.complete(new SubmitOutcome.Unavailable("cannot write to Kafka: " + error)));
      return null;
    }
    intent.lastOffset = Math.max(intent.lastOffset, offset);
    if (--intent.remaining > 0) {
      return null;
    }
    pending.remove(id);
    return new Written(intent.plan, intent.replies, intent.head, intent.chunks, partition, intent.lastOffset + 1);
  }

  /** The partition that holds every record of invocation {@code id}. */
  private int partitionOf(String id) {
    if (partitions == 0) {
      partitions = producer.partitionsFor(topics.invocations()).size();
    }
    return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Producer callback thread: hand each acknowledgement to the engine. */
  private void ack(String id, RecordMetadata meta, Exception error) {
    inbox.accept(new EngineMessage.IntentWritten(id, meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(), error));
  }

  private static final class Pending {
    private final PlannedInvocation plan;
    private final List<CompletableFuture<SubmitOutcome>> replies = new ArrayList<>();
    private final Map<String, byte[]> chunks = new LinkedHashMap<>();
    private byte[] head;
    private long lastOffset = -1;
    private int remaining;

    Pending(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply, int remaining) {
      this.plan = plan;
      this.replies.add(reply);
      this.remaining = remaining;
    }
  }
}
