package io.switchboard.testkit;

import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.TopicProvisioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A one-partition topic with a share group configured as a test wants it, and its clients. */
final class ShareGroupFixture implements AutoCloseable {

  final String topic;
  final String group;
  private final TestKafka kafka;
  private final List<AutoCloseable> open = new ArrayList<>();

  ShareGroupFixture(TestKafka kafka, ShareGroupSettings settings) throws Exception {
    this.kafka = kafka;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.topic = "share-" + id;
    this.group = "share-group-" + id;
    try (Admin admin = kafka.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get();
      new TopicProvisioner(admin).configureShareGroup(group, settings);
    }
  }

  void produce(String... values) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
      }
    }
  }

  /** An explicit-acknowledgement share consumer that takes one record per poll. */
  KafkaShareConsumer<String, String> consumer() {
    Map<String, Object> props = kafka.clientProperties();
    props.put("group.id", group);
    props.put("share.acknowledgement.mode", "explicit");
    props.put("share.acquire.mode", "record_limit");
    props.put("max.poll.records", 1);
    props.put("fetch.max.wait.ms", 50);
    KafkaShareConsumer<String, String> consumer =
        new KafkaShareConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    open.add(consumer);
    return consumer;
  }

  static short deliveryCount(ConsumerRecord<String, String> record) {
    return record.deliveryCount().orElseThrow();
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }
}
