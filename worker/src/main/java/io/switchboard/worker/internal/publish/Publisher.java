package io.switchboard.worker.internal.publish;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.WorkerInfo;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.RegistryRecord;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Kafka write of a worker, through its one shared producer, as wire records with schema headers.
 * Sends never throw: a failure (also one the producer raises at once) comes back as a failed future.
 */
public final class Publisher {

  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;

  public Publisher(Producer<String, byte[]> producer, Topics topics) {
    this.producer = producer;
    this.topics = topics;
  }

  /** Journals a result on {@code <p>.results}; completes when Kafka acknowledged it (acks=all). */
  public CompletableFuture<RecordMetadata> result(TaskResult result) {
    return send(WireRecords.of(topics.results(), result.key().toString(), result));
  }

  /** Publishes a live event on {@code <p>.events}; best effort, a failure is only logged. */
  public void event(TaskEvent event) {
    send(WireRecords.of(topics.events(), event.key().toString(), event)).whenComplete((meta, e) -> {
      if (e != null) {
        log.debug("task {}: cannot publish {} event: {}", event.key(), event.getClass().getSimpleName(), e.toString());
      }
    });
  }

  /** Announces the worker on {@code <p>.registry} under {@code worker:<id>}. */
  public CompletableFuture<RecordMetadata> heartbeat(WorkerInfo info) {
    RegistryRecord.WorkerHeartbeat heartbeat = new RegistryRecord.WorkerHeartbeat(info);
    return send(WireRecords.of(topics.registry(), heartbeat.recordKey(), heartbeat));
  }

  /** Removes the worker's heartbeat from the compacted registry: it is gone. */
  public CompletableFuture<RecordMetadata> tombstone(String workerId) {
    return send(WireRecords.tombstone(topics.registry(), "worker:" + workerId));
  }

  /** Sends any record; never throws. */
  public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    try {
      producer.send(record, (meta, e) -> {
        if (e != null) {
          sent.completeExceptionally(e);
        } else {
          sent.complete(meta);
        }
      });
    } catch (RuntimeException e) {
      sent.completeExceptionally(e);
    }
    return sent;
  }
}
