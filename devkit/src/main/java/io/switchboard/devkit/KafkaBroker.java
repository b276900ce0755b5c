package io.switchboard.devkit;

/**
 * A running Kafka broker that Switchboard can use: the embedded one (in this JVM or a child process), a
 * container, or an external cluster. Closing it stops what this object started and nothing else.
 */
public interface KafkaBroker extends AutoCloseable {

  /** The {@code bootstrap.servers} value, e.g. {@code 127.0.0.1:9092}. */
  String bootstrap();

  @Override
  void close();
}
