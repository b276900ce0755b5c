package io.switchboard.dist;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.ShareGroupConfig;
import io.switchboard.devkit.BrokerMain;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard kafka}: only the embedded single-node broker, with Switchboard's topics. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Run the embedded single-node KRaft Kafka broker (data kept in --data-dir).")
final class KafkaCommand implements Callable<Integer>, ConfigOptions.Configured {

  @Spec
  private CommandSpec spec;

  @Override
  public List<ConfigGroup> configGroups() {
    return List.of(BrokerConfig.GROUP, new ConfigGroup("topics", "", List.of(KafkaSettings.TOPIC_PREFIX,
        KafkaSettings.PARTITIONS)), ShareGroupConfig.GROUP);
  }

  @Override
  public Integer call() throws Exception {
    ConfigSource source = ConfigOptions.source(spec);
    BrokerMain.run(BrokerConfig.from(source), source);
    return 0;
  }
}
