package io.switchboard.devkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A broker is ready when its port accepts TCP and the Admin API can describe the cluster. */
final class BrokerReadiness {

  private BrokerReadiness() {}

  static void await(String host, int port, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    if (!FreePorts.awaitOpen(host, port, timeout)) {
      throw new IllegalStateException("broker port " + host + ":" + port + " did not open within " + timeout);
    }
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      RuntimeException last = null;
      while (Instant.now().isBefore(end)) {
        try {
          if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          last = new IllegalStateException("broker not ready: " + e.getMessage(), e);
        }
        sleep(100);
      }
      throw last != null ? last : new IllegalStateException("broker not ready within " + timeout);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
