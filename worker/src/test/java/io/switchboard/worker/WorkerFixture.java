package io.switchboard.worker;

import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.ControlMessage;
import io.switchboard.common.wire.DeadLetter;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.devkit.Provisioning;
import io.switchboard.testkit.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A fresh topic prefix on the test broker with Switchboard's topics, workers started on it, and the means
 * to send tasks and cancels and to read what the workers wrote (results, events, dead letters, registry).
 */
final class WorkerFixture implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);

  final Topics topics;
  final KafkaSettings settings;
  private final TestKafka kafka;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Worker> workers = new ArrayList<>();
  private final List<TopicReader> readers = new ArrayList<>();
  private TopicReader results;
  private TopicReader events;
  private TopicReader deadLetters;
  private TopicReader registry;

  WorkerFixture(TestKafka kafka) {
    this(kafka, new ShareGroupSettings(Duration.ofSeconds(15), 5));
  }

  WorkerFixture(TestKafka kafka, ShareGroupSettings groups) {
    this.kafka = kafka;
    this.topics = kafka.freshTopics();
    this.settings = new KafkaSettings(kafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    Provisioning.provision(settings, Map.of(), groups);
    this.producer = new KafkaClients(settings).producer("test-producer-" + topics.prefix());
  }

  /** A worker configuration for tests: short heartbeats and grace, the runner {@code default}. */
  static WorkerConfig config() {
    return WorkerConfig.defaults().withHeartbeat(Duration.ofMillis(300)).withGrace(Duration.ofSeconds(5));
  }

  Worker start(WorkerConfig config) {
    Worker worker = Worker.start(config, settings, Clock.systemUTC());
    workers.add(worker);
    return worker;
  }

  Worker start() {
    return start(config());
  }

  TaskEnvelope submit(TaskEnvelope task) {
    send(WireRecords.of(topics.tasks(task.runner()), task.key().toString(), task));
    return task;
  }

  void cancel(TaskKey key, String reason) {
    send(WireRecords.of(topics.control(), key.toString(), new ControlMessage.CancelTask(key, reason, Instant.now())));
  }

  void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + record.topic(), e);
    }
  }

  TaskResult awaitResult(TaskKey key) {
    return results().await(TaskResult.class, list -> list.stream().anyMatch(r -> r.key().equals(key)), WAIT)
        .stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
  }

  List<TaskResult> results(TaskKey key) {
    return results().values(TaskResult.class).stream().filter(r -> r.key().equals(key)).toList();
  }

  List<TaskEvent> awaitEvents(TaskKey key, Predicate<List<TaskEvent>> condition) {
    return events().await(TaskEvent.class, all -> condition.test(eventsOf(all, key)), WAIT).stream()
        .filter(e -> e.key().equals(key)).toList();
  }

  List<TaskEvent> events(TaskKey key) {
    return eventsOf(events().values(TaskEvent.class), key);
  }

  private static List<TaskEvent> eventsOf(List<TaskEvent> all, TaskKey key) {
    return all.stream().filter(e -> e.key().equals(key)).toList();
  }

  List<DeadLetter> awaitDeadLetters(int count) {
    return deadLetters().await(DeadLetter.class, list -> list.size() >= count, WAIT);
  }

  TopicReader results() {
    if (results == null) {
      results = reader(topics.results());
    }
    return results;
  }

  TopicReader events() {
    if (events == null) {
      events = reader(topics.events());
    }
    return events;
  }

  TopicReader deadLetters() {
    if (deadLetters == null) {
      deadLetters = reader(topics.dlq());
    }
    return deadLetters;
  }

  TopicReader registry() {
    if (registry == null) {
      registry = reader(topics.registry());
    }
    return registry;
  }

  private TopicReader reader(String topic) {
    TopicReader reader = new TopicReader(kafka.clientProperties(), topic);
    readers.add(reader);
    return reader;
  }

  @Override
  public void close() {
    workers.forEach(Worker::close);
    readers.forEach(TopicReader::close);
    producer.close(Duration.ofSeconds(5));
  }
}
