package io.switchboard.dist;

import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.Coordinator;
import io.switchboard.testkit.TestKafka;
import io.switchboard.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A coordinator (with its local executor, found on this module's class path) and one worker of the
 * default runner in this JVM, on a fresh topic prefix of the test broker.
 */
final class InJvmCluster implements AutoCloseable {

  static final String WORKER_ID = "worker-remote";

  final Topics topics;
  final KafkaSettings kafka;
  final Coordinator coordinator;
  final Worker worker;
  final Api api;

  InJvmCluster(TestKafka testKafka, Path dir) throws Exception {
    topics = testKafka.freshTopics();
    kafka = new KafkaSettings(testKafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    CoordinatorConfig config = CoordinatorConfig.defaults(dir.resolve("coordinator"))
        .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30)).withLocalConcurrency(2);
    coordinator = Coordinator.start(config, kafka, new ShareGroupSettings(Duration.ofSeconds(5), 5),
        new ConfigSource(Map.of(), Map.of()), Clock.systemUTC());
    Worker started;
    try {
      started = Worker.start(new WorkerConfig(Topics.DEFAULT_RUNNER, 2, WORKER_ID, Duration.ofMillis(500),
          Duration.ofSeconds(2), 5, coordinator.url().toString(), WorkerConfig.STARTED_EVENT_AFTER.defaultValue()),
          kafka, Clock.systemUTC());
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
    worker = started;
    api = Api.at(coordinator.url().toString());
  }

  /** Waits until {@code /v1/workers} lists the remote worker, so its runner counts as served. */
  void awaitRemoteWorkerLive() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      var workers = api.call("GET", "/v1/workers", null, 200).path("workers");
      for (var w : workers) {
        if (w.path("id").asText().equals(WORKER_ID)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("worker " + WORKER_ID + " never showed up in /v1/workers");
  }

  /** The keys of every record of {@code topic}, read from the beginning. */
  List<String> keysOf(String topic) {
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaClients(kafka).assignedConsumer("test-reader")) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          keys.add(record.key());
        }
      }
    }
    return keys;
  }

  @Override
  public void close() {
    worker.close();
    coordinator.close();
  }
}
