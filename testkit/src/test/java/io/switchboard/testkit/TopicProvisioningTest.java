package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.Provisioning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicProvisioningTest {

  @Test
  void shouldCreateTopicsWithIntendedCleanupPolicies(TestKafka kafka) throws Exception {
    Topics topics = kafka.freshTopics();
    KafkaSettings settings = new KafkaSettings(kafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    Provisioning.provision(settings, Map.of(), ShareGroupSettings.DEFAULTS);
    Provisioning.provision(settings, Map.of(), ShareGroupSettings.DEFAULTS); // idempotent

    Map<String, Config> configs = describe(kafka, List.of(topics.results(), topics.invocations(),
        topics.registry(), topics.events(), topics.control(), topics.audit(), topics.dlq(), topics.tasks("default"),
        topics.contexts()));

    assertThat(cleanup(configs, topics.results())).isEqualTo("compact");
    assertThat(cleanup(configs, topics.invocations())).isEqualTo("compact");
    assertThat(cleanup(configs, topics.registry())).isEqualTo("compact");
    for (String deleting : List.of(topics.events(), topics.control(), topics.audit(), topics.dlq(), topics.tasks("default"))) {
      assertThat(cleanup(configs, deleting)).as(deleting).isEqualTo("delete");
    }
    assertThat(configs.get(topics.events()).get("retention.ms").value())
        .isEqualTo(Long.toString(Duration.ofHours(1).toMillis()));
    assertThat(configs.get(topics.audit()).get("retention.ms").value())
        .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
    // appended context entries are never compacted away nor deleted by age
    assertThat(cleanup(configs, topics.contexts())).isEqualTo("delete");
    assertThat(configs.get(topics.contexts()).get("retention.ms").value()).isEqualTo("-1");
  }

  @Test
  void shouldConfigureShareGroupToStartAtEarliest(TestKafka kafka) throws Exception {
    Topics topics = kafka.freshTopics();
    KafkaSettings settings = new KafkaSettings(kafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    Provisioning.provision(settings, Map.of(), new ShareGroupSettings(Duration.ofSeconds(4), 3));

    try (Admin admin = kafka.admin()) {
      var group = new ConfigResource(ConfigResource.Type.GROUP, topics.shareGroup("default"));
      // the broker applies committed metadata a moment later under load: wait until it shows
      Config config = eventually(() -> admin.describeConfigs(List.of(group)).all().get().get(group),
          c -> c.get("share.auto.offset.reset").value().equals("earliest"));
      assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("earliest");
      assertThat(config.get("share.record.lock.duration.ms").value()).isEqualTo("4000");
      assertThat(config.get("share.delivery.count.limit").value()).isEqualTo("3");
    }
  }

  private static Map<String, Config> describe(TestKafka kafka, List<String> names) throws Exception {
    try (Admin admin = kafka.admin()) {
      List<ConfigResource> resources = names.stream()
          .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      return eventually(() -> admin.describeConfigs(resources).all().get().entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)), m -> m.size() == names.size());
    }
  }

  /** Retries {@code read} until {@code done} holds (or 30 s pass, then reads once more and lets it fail). */
  private static <T> T eventually(java.util.concurrent.Callable<T> read, java.util.function.Predicate<T> done)
      throws Exception {
    long end = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < end) {
      try {
        T value = read.call();
        if (done.test(value)) {
          return value;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // not visible yet
      }
      Thread.sleep(100);
    }
    return read.call();
  }

  private static String cleanup(Map<String, Config> configs, String topic) {
    return configs.get(topic).get("cleanup.policy").value();
  }
}
