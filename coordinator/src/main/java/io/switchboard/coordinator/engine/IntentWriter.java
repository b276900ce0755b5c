package io.switchboard.coordinator.engine;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import io.switchboard.coordinator.hook.Spawn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes invocations' intents (target chunks, then the head, all in the invocation's partition of
 * {@code <p>.invocations}) and counts their acknowledgements. Used by the engine thread only; the
 * producer's callbacks come back as {@link EngineMessage.IntentWritten} messages.
 *
 * <p>A <b>carried</b> intent is one small enough to ride in its task's envelope (a single-target invocation
 * whose records are at most {@link #carryLimit} bytes): the engine sends the envelope at once, beside the
 * intent, instead of after it, and the envelope holds a copy of the intent so that recovery can restore the
 * invocation from the task topic if the coordinator stops before the intent itself is in. A carried intent
 * that Kafka refuses is written again until it is in; an intent that is not carried fails its waiters.
 */
final class IntentWriter {

  private static final Logger log = LoggerFactory.getLogger(IntentWriter.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final int MAX_CARRIED_BYTES = 64 * 1024;

  /** An intent Kafka has in full: what the engine needs to accept it and store it. */
  record Written(PlannedInvocation plan, List<CompletableFuture<SubmitOutcome>> replies, byte[] head,
      Map<String, byte[]> chunks, int partition, long nextOffset, boolean carried, List<Spawn> allowed) {}

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Timers timers;
  private final Consumer<EngineMessage> inbox;
  private final int carryLimit;
  private final Map<String, Pending> pending = new HashMap<>();
  private int partitions;

  /** @param maxRecordBytes the largest record the coordinator writes: a carried intent is a quarter at most */
  IntentWriter(Producer<String, byte[]> producer, Topics topics, Timers timers, Consumer<EngineMessage> inbox,
      int maxRecordBytes) {
    this.producer = producer;
    this.topics = topics;
    this.timers = timers;
    this.inbox = inbox;
    this.carryLimit = Math.min(MAX_CARRIED_BYTES, maxRecordBytes / 4);
  }

  /**
   * Encodes {@code plan}'s intent; {@link #send} writes it.
   *
   * @return true when the intent is carried: the engine accepts the invocation and sends its task first,
   *     the envelope holding {@link #carried} (and hands {@link #allowed} the spawns to announce later), then
   *     the intent (the task's envelope ahead of it on the producer's connection)
   */
  boolean prepare(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply) {
    String id = plan.id();
    int partition = partitionOf(id);
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(plan.chunks().size() + 1);
    Pending intent = new Pending(plan, reply, records);
    for (var chunk : plan.chunks()) { // encoded by the planner, on the submitting HTTP thread
      var record = WireRecords.encoded(topics.invocations(), partition, chunk.recordKey(), chunk.value(),
          InvocationRecord.TargetsChunk.class);
      intent.chunks.put(chunk.recordKey(), chunk.value());
      records.add(record);
    }
    var head = WireRecords.of(topics.invocations(), partition, plan.head().recordKey(), plan.head());
    intent.head = head.value();
    records.add(head);
    intent.carried = plan.state().tasks().size() == 1
        && records.stream().mapToInt(r -> r.value().length).sum() <= carryLimit;
    pending.put(id, intent);
    return intent.carried;
  }

  /** Writes the intent {@link #prepare} encoded. */
  void send(String id) {
    send(id, pending.get(id));
  }

  /** Whether {@code id}'s intent is being written; a second submission of it then waits with the first. */
  boolean isPending(String id) {
    return pending.containsKey(id);
  }

  /** Adds a waiter to the intent of {@code id} being written ({@link #isPending}). */
  void join(String id, CompletableFuture<SubmitOutcome> reply) {
    pending.get(id).replies.add(reply);
  }

  /** The spawns a carried intent's hooks allowed, told to the hooks once the intent is in. */
  void allowed(String id, List<Spawn> allowed) {
    pending.get(id).allowed = allowed;
  }

  /**
   * A copy of the records of {@code id}'s intent (chunks, then head) for its envelope to carry, while Kafka
   * has not acknowledged the intent itself; empty when the intent is in or not carried.
   */
  List<byte[]> carried(String id) {
    Pending intent = pending.get(id);
    if (intent == null || !intent.carried) {
      return List.of();
    }
    List<byte[]> values = new ArrayList<>(intent.chunks.values());
    values.add(intent.head);
    return values;
  }

  /**
   * One record of an intent was written (or failed).
   *
   * @return the intent once Kafka has all of it; null while records are missing or after a failure
   *     (whose waiters are told here, or which is written again when carried)
   */
  Written written(String id, int round, int partition, long offset, Throwable error) {
    Pending intent = pending.get(id);
    if (intent == null || round != intent.round || intent.failed) {
      return null; // already failed, or an answer to a write made again since
    }
    if (error != null) {
      if (intent.carried) {
        // its task may be out already: the intent must get in; until then the envelope holds it
        intent.failed = true;
        log.warn("invocation {}: its intent could not be written, again in {}: {}", id, RETRY, error.toString());
        timers.schedule(RETRY, () -> send(id, intent));
        return null;
      }
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
    return new Written(intent.plan, intent.replies, intent.head, intent.chunks, partition, intent.lastOffset + 1,
        intent.carried, intent.allowed);
  }

  private void send(String id, Pending intent) {
    int round = ++intent.round;
    intent.remaining = intent.records.size();
    intent.failed = false;
    for (var record : intent.records) {
      producer.send(record, (meta, e) -> ack(id, round, meta, e));
    }
  }

  /** The partition that holds every record of invocation {@code id}. */
  private int partitionOf(String id) {
    if (partitions == 0) {
      partitions = producer.partitionsFor(topics.invocations()).size();
    }
    return InvocationRecord.partitionOf(id, partitions);
  }

  /** Producer callback thread: hand each acknowledgement to the engine. */
  private void ack(String id, int round, RecordMetadata meta, Exception error) {
    inbox.accept(new EngineMessage.IntentWritten(id, round, meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(), error));
  }

  private static final class Pending {
    private final PlannedInvocation plan;
    private final List<CompletableFuture<SubmitOutcome>> replies = new ArrayList<>();
    private final Map<String, byte[]> chunks = new LinkedHashMap<>();
    private final List<ProducerRecord<String, byte[]>> records;
    private byte[] head;
    private long lastOffset = -1;
    private int remaining;
    private int round;
    private boolean carried;
    private boolean failed;
    private List<Spawn> allowed = List.of();

    Pending(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply,
        List<ProducerRecord<String, byte[]>> records) {
      this.plan = plan;
      this.replies.add(reply);
      this.records = records;
    }
  }
}
