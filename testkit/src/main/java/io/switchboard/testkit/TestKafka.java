package io.switchboard.testkit;

import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.admin.Admin;

/**
 * What a test gets from {@link KafkaExtension}: the broker's address and a fresh topic prefix per call,
 * so tests sharing one broker never see each other's records.
 */
public final class TestKafka {

  private final KafkaBroker broker;

  TestKafka(KafkaBroker broker) {
    this.broker = broker;
  }

  public String bootstrap() {
    return broker.bootstrap();
  }

  /** A topic prefix no other test uses, e.g. {@code t3f9a1c2}. */
  public Topics freshTopics() {
    return new Topics("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }

  /** Client properties with {@code bootstrap.servers} set. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    return props;
  }

  /**
   * Every record of {@code topic} from its beginning: read until its end offsets as of each poll are
   * reached and at least {@code atLeast} records came (writes just acknowledged may still be on their way
   * to a reader), or 20 s passed.
   */
  public List<ConsumerRecord<String, byte[]>> records(String topic, int atLeast) {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (records.size() >= atLeast && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          break;
        }
      }
      return records;
    }
  }

  /** A new Admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }
}
