package io.switchboard.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw floor's echo service: one thread that takes requests from a share group (implicit
 * acknowledgement, the next poll accepts them) and produces each back, same key, to the reply topic.
 */
final class RawEcho implements AutoCloseable {

  private final KafkaShareConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final String replyTopic;
  private final Thread thread;
  private volatile boolean running = true;

  RawEcho(String bootstrap, String group, String requestTopic, String replyTopic, int lingerMs) {
    this.consumer = new KafkaShareConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.CLIENT_ID_CONFIG, group,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = producer(bootstrap, group + "-producer", lingerMs);
    this.replyTopic = replyTopic;
    consumer.subscribe(List.of(requestTopic));
    this.thread = Thread.ofPlatform().name(group).daemon().start(this::run);
  }

  /** An idempotent {@code acks=all} producer; {@code lingerMs} 0 for latency, 1 for throughput. */
  static KafkaProducer<String, byte[]> producer(String bootstrap, String clientId, int lingerMs) {
    return new KafkaProducer<>(Map.of(
        "bootstrap.servers", bootstrap,
        "client.id", clientId,
        "acks", "all",
        "enable.idempotence", true,
        "linger.ms", lingerMs,
        "batch.size", 256 * 1024),
        new StringSerializer(), new ByteArraySerializer());
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> request : consumer.poll(Duration.ofMillis(100))) {
          producer.send(new ProducerRecord<>(replyTopic, request.key(), request.value()));
        }
      }
    } catch (WakeupException stopping) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
