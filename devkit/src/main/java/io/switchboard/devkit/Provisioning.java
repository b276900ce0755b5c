package io.switchboard.devkit;

import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.TopicLayout;
import io.switchboard.common.topic.TopicProvisioner;
import io.switchboard.common.topic.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates Switchboard's topics and the default runner's share group on a broker. */
public final class Provisioning {

  private Provisioning() {}

  public static void provision(KafkaSettings settings, Map<String, String> clientProperties,
      ShareGroupSettings shareGroups) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    Topics topics = new Topics(settings.topicPrefix());
    TopicLayout layout = new TopicLayout(topics, settings.partitions(), settings.replicationFactor());
    try (Admin admin = Admin.create(props)) {
      TopicProvisioner provisioner = new TopicProvisioner(admin);
      provisioner.ensureTopics(layout.specs(List.of(Topics.DEFAULT_RUNNER)));
      provisioner.configureShareGroup(topics.shareGroup(Topics.DEFAULT_RUNNER), shareGroups);
    }
  }
}
