package io.switchboard.devkit;

import io.switchboard.common.config.BrokerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker inside this JVM: formats its log directory on first start (what
 * {@code kafka-storage.sh format} does) and starts {@code KafkaRaftServer} (what {@code kafka.Kafka}
 * does), without either tool's {@code System.exit}.
 */
public final class InJvmBroker implements KafkaBroker {

  private static final Logger log = LoggerFactory.getLogger(InJvmBroker.class);
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final KafkaRaftServer server;
  private final String bootstrap;

  private InJvmBroker(KafkaRaftServer server, String bootstrap) {
    this.server = server;
    this.bootstrap = bootstrap;
  }

  /** Starts a broker for {@code config}; a formatted data directory is reused with its data. */
  public static InJvmBroker start(BrokerConfig config) {
    String host = config.host();
    int port = config.port() == 0 ? FreePorts.pick(host) : config.port();
    int controllerPort = FreePorts.pick(host);
    while (controllerPort == port) { // a fixed port that was free when picked
      controllerPort = FreePorts.pick(host);
    }
    Path logDir = config.dataDir().toAbsolutePath();
    Properties props = BrokerProperties.of(host, port, controllerPort, logDir, config.minLockDuration());
    formatIfNew(logDir);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    BrokerReadiness.await(host, port, START_TIMEOUT);
    log.info("embedded Kafka broker ready on {}:{} (data in {})", host, port, logDir);
    return new InJvmBroker(server, host + ":" + port);
  }

  static void formatIfNew(Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(BrokerProperties.NODE_ID)
          .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toString())
          .setDirectories(List.of(logDir.toString()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format " + logDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format " + logDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String bootstrap() {
    return bootstrap;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    log.info("embedded Kafka broker on {} stopped", bootstrap);
  }
}
