package io.switchboard.devkit;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.ShareGroupConfig;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The process entry of a standalone embedded broker, configured by {@code SWITCHBOARD_*} variables
 * (what {@link ChildProcessBroker} starts; {@code switchboard kafka} does the same from flags). It
 * prints its address first, provisions Switchboard's topics unless told not to, and stops cleanly on
 * SIGTERM.
 */
public final class BrokerMain {

  /** Set to {@code false} to start the bare broker without Switchboard's topics. */
  public static final String PROVISION_ENV = "SWITCHBOARD_PROVISION";

  private BrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ConfigSource source = new ConfigSource(Map.of(), System.getenv());
    boolean provision = !"false".equalsIgnoreCase(System.getenv(PROVISION_ENV));
    run(BrokerConfig.from(source), provision ? source : null);
  }

  /** Runs a broker until the JVM is asked to stop; {@code provisionFrom} null skips provisioning. */
  public static void run(BrokerConfig config, ConfigSource provisionFrom) throws InterruptedException {
    InJvmBroker broker = InJvmBroker.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "kafka-shutdown"));
    System.out.println("kafka: " + broker.bootstrap());
    if (provisionFrom != null) {
      KafkaSettings settings = new KafkaSettings(broker.bootstrap(), provisionFrom.get(KafkaSettings.TOPIC_PREFIX),
          provisionFrom.find(KafkaSettings.PARTITIONS),
          provisionFrom.find(KafkaSettings.REPLICATION_FACTOR).map(Integer::shortValue));
      Provisioning.provision(settings, Map.of(), ShareGroupConfig.from(provisionFrom));
      System.out.println("topics: " + settings.topicPrefix() + ".* ready");
    }
    System.out.println("data: " + config.dataDir().toAbsolutePath());
    System.out.flush();
    stopped.await();
  }
}
