package io.switchboard.testkit;

import io.switchboard.devkit.KafkaBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a container, for machines with a Docker engine. The image is
 * {@code -Dswitchboard.kafka.image} (default {@code apache/kafka:4.1.1}; use a 4.4 image where your
 * registry has one). Share groups need the group configs the provisioner sets; short test locks need
 * the broker bound lowered as below.
 */
final class TestcontainersBroker implements KafkaBroker {

  static final String IMAGE_PROPERTY = "switchboard.kafka.image";

  private final KafkaContainer container;

  private TestcontainersBroker(KafkaContainer container) {
    this.container = container;
  }

  static TestcontainersBroker start() {
    KafkaContainer container = new KafkaContainer(System.getProperty(IMAGE_PROPERTY, "apache/kafka:4.1.1"))
        .withEnv("KAFKA_GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS", "1000")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    container.start();
    return new TestcontainersBroker(container);
  }

  @Override
  public String bootstrap() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
