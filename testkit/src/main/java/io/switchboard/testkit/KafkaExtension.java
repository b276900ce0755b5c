package io.switchboard.testkit;

import io.switchboard.common.config.BrokerConfig;
import io.switchboard.devkit.InJvmBroker;
import io.switchboard.devkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real Kafka broker: declare a {@link TestKafka} parameter (constructor, lifecycle or test
 * method) in a class annotated {@code @ExtendWith(KafkaExtension.class)}. One broker serves the whole test
 * run (per JVM) and is stopped when the run ends. The broker is the embedded KRaft one unless system
 * properties say otherwise ({@link KafkaMode}).
 */
public final class KafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // the root store lives as long as the test run; its AutoCloseable values are closed at the end
    KafkaBroker broker = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KafkaBroker.class, key -> startBroker(), KafkaBroker.class);
    return new TestKafka(broker);
  }

  private static KafkaBroker startBroker() {
    return switch (KafkaMode.fromSystemProperties()) {
      case EXTERNAL -> new ExternalBroker(System.getProperty(KafkaMode.BOOTSTRAP_PROPERTY).strip());
      case TESTCONTAINERS -> TestcontainersBroker.start();
      case EMBEDDED -> startEmbedded();
    };
  }

  private static KafkaBroker startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("switchboard-test-kafka");
      KafkaBroker broker = InJvmBroker.start(
          new BrokerConfig("127.0.0.1", 0, dir.resolve("kafka"), Duration.ofSeconds(1)));
      return new TempDirBroker(broker, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
