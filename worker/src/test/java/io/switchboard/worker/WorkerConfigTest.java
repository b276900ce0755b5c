package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.common.config.WorkerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's typed configuration (declared in common, read by the worker). */
class WorkerConfigTest {

  @Test
  void shouldUseTheDefaultsAndGenerateAWorkerId() {
    WorkerConfig config = WorkerConfig.from(new ConfigSource(Map.of(), Map.of()));

    assertThat(config.runner()).isEqualTo("default");
    assertThat(config.concurrency()).isEqualTo(8);
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.grace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.deliveryLimit()).isEqualTo(5);
    assertThat(config.coordinatorUrl()).isNull();
    assertThat(config.workerId()).matches("worker-[a-z0-9.-]+-[0-9a-f]{4}");
  }

  @Test
  void shouldReadFlagsBeforeTheEnvironment() {
    WorkerConfig config = WorkerConfig.from(new ConfigSource(
        Map.of("concurrency", "3", "worker-id", "w1"),
        Map.of("SWITCHBOARD_CONCURRENCY", "5", "SWITCHBOARD_RUNNER", "gpu", "SWITCHBOARD_COORDINATOR_URL", "http://c:8080")));

    assertThat(config.concurrency()).isEqualTo(3);
    assertThat(config.runner()).isEqualTo("gpu");
    assertThat(config.workerId()).isEqualTo("w1");
    assertThat(config.coordinatorUrl()).isEqualTo("http://c:8080");
  }

  @Test
  void shouldRefuseInvalidValuesNamingTheKey() {
    assertThatThrownBy(() -> WorkerConfig.from(new ConfigSource(Map.of("concurrency", "0"), Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("concurrency");
    assertThatThrownBy(() -> WorkerConfig.from(new ConfigSource(Map.of("runner", "no/slash"), Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("runner");
  }
}
