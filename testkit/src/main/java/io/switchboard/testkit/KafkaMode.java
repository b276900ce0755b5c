package io.switchboard.testkit;

import java.util.Locale;

/**
 * Which broker the tests of this run use, chosen by system properties:
 * {@code -Dswitchboard.kafka.bootstrap=HOST:PORT} (an external cluster) wins; otherwise
 * {@code -Dswitchboard.kafka=embedded|testcontainers} (default embedded).
 */
public enum KafkaMode {
  EMBEDDED,
  TESTCONTAINERS,
  EXTERNAL;

  public static final String MODE_PROPERTY = "switchboard.kafka";
  public static final String BOOTSTRAP_PROPERTY = "switchboard.kafka.bootstrap";

  public static KafkaMode fromSystemProperties() {
    String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY, "");
    if (!bootstrap.isBlank()) {
      return EXTERNAL;
    }
    String mode = System.getProperty(MODE_PROPERTY, "");
    if (mode.isBlank()) {
      return EMBEDDED;
    }
    try {
      return valueOf(mode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "-D" + MODE_PROPERTY + " must be embedded or testcontainers, got '" + mode + "'");
    }
  }
}
