package io.switchboard.coordinator.context;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Plays the worker for context tests: takes every task of the default runner, announces it started and
 * keeps its envelope, and finishes a task only when the test says so.
 */
final class HeldTasks implements AutoCloseable {

  private final KafkaClients clients;
  private final Topics topics;
  private final Map<String, TaskEnvelope> envelopes = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;

  HeldTasks(KafkaClients clients, Topics topics) {
    this.clients = clients;
    this.topics = topics;
    this.producer = clients.producer("held-tasks");
    this.thread = Thread.ofPlatform().name("held-tasks").start(this::loop);
  }

  private void loop() {
    try (var consumer = clients.shareConsumer("held-tasks", topics.shareGroup(Topics.DEFAULT_RUNNER), 500)) {
      consumer.subscribe(List.of(topics.tasks(Topics.DEFAULT_RUNNER)));
      while (running.get()) {
        for (var record : consumer.poll(Duration.ofMillis(50))) {
          if (WireRecords.read(record, TaskEnvelope.class) instanceof Decoded.Ok<TaskEnvelope> ok) {
            envelopes.put(ok.value().key().toString(), ok.value());
            producer.send(WireRecords.of(topics.events(), ok.value().key().toString(),
                new TaskEvent.Started(ok.value().key(), ok.value().attempt(), "held", Instant.now())));
          }
          consumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
      }
    }
  }

  /** The envelope of {@code key}, waiting for it to arrive. */
  TaskEnvelope await(String key) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      TaskEnvelope envelope = envelopes.get(key);
      if (envelope != null) {
        return envelope;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("task " + key + " never reached a worker");
  }

  /** Waits until {@code count} tasks arrived. */
  void awaitCount(int count) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (envelopes.size() < count && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    if (envelopes.size() < count) {
      throw new AssertionError("only " + envelopes.size() + " of " + count + " tasks reached a worker");
    }
  }

  /** Finishes a held task with {@code output}, as its worker would. */
  void succeed(String key, String output) throws Exception {
    TaskEnvelope task = await(key);
    producer.send(WireRecords.of(topics.results(), key, TaskResult.of(TaskKey.parse(key), task.attempt(),
        new Outcome.Succeeded(output, null), "held", Instant.now(), Instant.now()))).get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
    producer.close(Duration.ofSeconds(5));
  }
}
