package io.switchboard.dist;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.DevConfig;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.ShareGroupConfig;
import io.switchboard.coordinator.hook.Hooks;
import java.util.List;

/** Every configuration group of every process, in the order docs/configuration.md lists them. */
final class ConfigCatalog {

  private ConfigCatalog() {}

  static List<ConfigGroup> all() {
    return List.of(DevConfig.GROUP, KafkaSettings.GROUP, CoordinatorConfig.GROUP, WorkerConfig.GROUP,
        Hooks.GROUP, ShareGroupConfig.GROUP, BrokerConfig.GROUP);
  }
}
