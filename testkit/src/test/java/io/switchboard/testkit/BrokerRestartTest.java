package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.devkit.ChildProcessBroker;
import io.switchboard.devkit.InJvmBroker;
import io.switchboard.devkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker keeps its data across a restart, in-JVM and as a killed child process. */
@Timeout(180)
class BrokerRestartTest {

  @Test
  void shouldKeepRecordsAcrossInJvmRestart(@TempDir Path dir) throws Exception {
    BrokerConfig config = new BrokerConfig("127.0.0.1", 0, dir.resolve("kafka"), Duration.ofSeconds(1));
    String bootstrap;
    try (KafkaBroker broker = InJvmBroker.start(config)) {
      bootstrap = broker.bootstrap();
      createAndProduce(bootstrap, "kept", "a", "b", "c");
    }
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    BrokerConfig again = new BrokerConfig("127.0.0.1", port, dir.resolve("kafka"), Duration.ofSeconds(1));
    try (KafkaBroker broker = InJvmBroker.start(again)) {
      assertThat(readAll(broker.bootstrap(), "kept", 3)).containsExactly("a", "b", "c");
    }
  }

  @Test
  void shouldKeepAcknowledgedRecordsWhenChildBrokerIsKilled(@TempDir Path dir) throws Exception {
    BrokerConfig config = new BrokerConfig("127.0.0.1", 0, dir.resolve("kafka"), Duration.ofSeconds(1));
    try (ChildProcessBroker broker = ChildProcessBroker.start(config)) {
      createAndProduce(broker.bootstrap(), "survives", "x", "y");
      long pid = broker.pid();
      broker.kill(); // SIGKILL
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      broker.restart();
      assertThat(readAll(broker.bootstrap(), "survives", 2)).containsExactly("x", "y");
    }
  }

  private static void createAndProduce(String bootstrap, String topic, String... values) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get();
    }
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "acks", "all");
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, v)).get();
      }
    }
  }

  private static List<String> readAll(String bootstrap, String topic, int expected) {
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "group.id", "reader-" + System.nanoTime(),
        "auto.offset.reset", "earliest", "enable.auto.commit", "false");
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long end = System.currentTimeMillis() + 60_000;
      while (values.size() < expected && System.currentTimeMillis() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
