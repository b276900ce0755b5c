package io.switchboard.testkit;

import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.KafkaBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
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

  /** A new Admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }
}
