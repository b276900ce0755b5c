package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.WireHeaders;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.store.Changes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intents that envelopes of the dispatch log carry ({@link WireHeaders#INTENT}): a rebuild restores from
 * one the invocation whose own intent never got into {@code <p>.invocations}.
 */
final class CarriedIntents {

  private static final Logger log = LoggerFactory.getLogger(CarriedIntents.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final CoordinatorState state;

  /** @param producer writes again the intents restored from envelopes */
  CarriedIntents(Producer<String, byte[]> producer, Topics topics, CoordinatorState state) {
    this.producer = producer;
    this.topics = topics;
    this.state = state;
  }

  /**
   * Restores the invocation of an envelope whose intent is not in {@code <p>.invocations}: the coordinator
   * stopped after sending the envelope, which carries a copy of the intent ({@link WireHeaders#INTENT}), and
   * before the intent itself was in. The intent is written to its topic again (and stored) before the
   * envelope counts as read; an envelope without a copy, or with an unreadable one, is left as it is (its
   * task's result will find no invocation).
   *
   * @return whether the invocation was restored
   */
  boolean adopt(ConsumerRecord<String, byte[]> record, Changes changes) {
    List<byte[]> carried = WireHeaders.intent(record.headers());
    if (carried.isEmpty()) {
      return false;
    }
    IntentAssembler assembler = new IntentAssembler();
    List<InvocationRecord> parts = new ArrayList<>(carried.size());
    for (byte[] value : carried) {
      switch (JsonCodec.decode(value, InvocationRecord.class)) {
        case Decoded.Ok<InvocationRecord> ok -> parts.add(ok.value());
        case Decoded.Invalid<InvocationRecord> bad -> {
          log.warn("task {}: the intent its envelope carries cannot be read, not restored: {}", record.key(),
              bad.rejection());
          return false;
        }
      }
    }
    parts.forEach(assembler::add);
    List<InvocationState> restored = assembler.complete();
    if (restored.size() != 1) {
      return false;
    }
    InvocationState invocation = restored.get(0);
    boolean itsTopic = invocation.tasks().stream()
        .anyMatch(t -> t.key().toString().equals(record.key()) && topics.tasks(t.runner()).equals(record.topic()));
    if (!itsTopic) { // e.g. a deployment whose prefix nests under ours: not one of our envelopes
      log.warn("task {} in {}: the intent its envelope carries names another task or runner, not restored",
          record.key(), record.topic());
      return false;
    }
    int partition = InvocationRecord.partitionOf(invocation.id(),
        producer.partitionsFor(topics.invocations()).size());
    Map<String, byte[]> chunks = new LinkedHashMap<>();
    byte[] head = null;
    try {
      for (int i = 0; i < parts.size(); i++) {
        InvocationRecord part = parts.get(i);
        producer.send(WireRecords.of(topics.invocations(), partition, part.recordKey(), part)).get();
        if (part instanceof InvocationRecord.InvocationAccepted) {
          head = carried.get(i);
        } else {
          chunks.put(part.recordKey(), carried.get(i));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing invocation " + invocation.id() + "'s intent", e);
    } catch (ExecutionException e) {
      // not ready without it: the next start reads this envelope again
      throw new KafkaException("cannot write again invocation " + invocation.id() + "'s intent", e.getCause());
    }
    state.accept(invocation);
    changes.intent(invocation.id(), head, chunks);
    log.info("invocation {} restored from its task's envelope (its intent never got in): intent written again",
        invocation.id());
    return true;
  }
}
