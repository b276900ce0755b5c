package io.switchboard.coordinator;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Plays the worker for coordinator tests over the real broker: takes tasks from the default runner's
 * share group, holds them until {@code batch} are held or none came for a while, then answers them in
 * REVERSE order (so a join that kept completion order would be caught). Prompts starting with "fail"
 * fail. It records the most tasks it ever held at once.
 */
final class Responder implements AutoCloseable {

  private final KafkaClients clients;
  private final Topics topics;
  private final int batch;
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean(true);
  final AtomicInteger maxHeld = new AtomicInteger();
  final AtomicInteger received = new AtomicInteger();
  final java.util.Set<String> receivedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Thread thread;

  Responder(KafkaClients clients, Topics topics, int batch) {
    this.clients = clients;
    this.topics = topics;
    this.batch = batch;
    this.thread = Thread.ofPlatform().name("responder").start(this::loop);
  }

  /** While paused it takes tasks and announces them started, but answers none. */
  void pause(boolean value) {
    paused.set(value);
  }

  private void loop() {
    try (var consumer = clients.shareConsumer("responder", topics.shareGroup(Topics.DEFAULT_RUNNER), 100);
         KafkaProducer<String, byte[]> producer = clients.producer("responder")) {
      consumer.subscribe(List.of(topics.tasks(Topics.DEFAULT_RUNNER)));
      List<TaskEnvelope> held = new ArrayList<>();
      long lastArrival = System.nanoTime();
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(50));
        for (var record : records) {
          if (WireRecords.read(record, TaskEnvelope.class) instanceof Decoded.Ok<TaskEnvelope> ok) {
            held.add(ok.value());
            received.incrementAndGet();
            receivedKeys.add(ok.value().key().toString());
            producer.send(WireRecords.of(topics.events(), ok.value().key().toString(),
                new TaskEvent.Started(ok.value().key(), ok.value().attempt(), "responder", Instant.now())));
            lastArrival = System.nanoTime();
          }
          consumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
        maxHeld.accumulateAndGet(held.size(), Math::max);
        boolean quiet = System.nanoTime() - lastArrival > Duration.ofMillis(300).toNanos();
        if (!paused.get() && !held.isEmpty() && (held.size() >= batch || quiet)) {
          for (int i = held.size() - 1; i >= 0; i--) {
            TaskEnvelope task = held.get(i);
            if ("poison-once".equals(task.prompt()) && task.attempt() == 1) {
              // what a worker does with a poison task: dead letter, then a poison failure
              var letter = io.switchboard.common.wire.DeadLetter.of(task.key().toString(),
                  topics.tasks(Topics.DEFAULT_RUNNER), 0, 0, "poison: delivered 5 times",
                  io.switchboard.common.json.JsonCodec.encode(task), null, Instant.now());
              producer.send(WireRecords.of(topics.dlq(), task.key().toString(), letter));
            }
            Outcome outcome = outcomeFor(task);
            producer.send(WireRecords.of(topics.results(), task.key().toString(),
                TaskResult.of(task.key(), task.attempt(), outcome, "responder", Instant.now(), Instant.now())));
          }
          producer.flush();
          held.clear();
        }
      }
    }
  }

  /**
   * By prompt: {@code fail...} and {@code broken} fail with agent_error (not retryable);
   * {@code flaky-N} fails with transient until attempt N + 1; {@code always-transient} always does.
   */
  static Outcome outcomeFor(TaskEnvelope task) {
    String prompt = task.prompt() == null ? "" : task.prompt();
    if (prompt.equals("poison-once") && task.attempt() == 1) {
      return new Outcome.Failed(TaskError.of(ErrorCode.POISON, "delivered 5 times"));
    }
    if (prompt.startsWith("fail") || prompt.equals("broken")) {
      return new Outcome.Failed(TaskError.of(ErrorCode.AGENT_ERROR, "asked to fail"));
    }
    if (prompt.equals("always-transient")
        || (prompt.startsWith("flaky-") && task.attempt() <= Integer.parseInt(prompt.substring(6)))) {
      return new Outcome.Failed(TaskError.of(ErrorCode.TRANSIENT, "try again (attempt " + task.attempt() + ")"));
    }
    return new Outcome.Succeeded(prompt, null);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
