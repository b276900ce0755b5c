package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator whose HTTP port is taken refuses to start at once, with one line naming the port: before it
 * opens its state store (let alone reads the topics), so it leaves nothing behind, and started again on a free
 * port, on the same state directory, it serves.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(60)
class PortInUseTest {

  @Test
  void shouldRefuseATakenPortBeforeOpeningItsState(TestKafka kafka, @TempDir Path tmp) throws Exception {
    Path stateDir = tmp.resolve("coordinator");
    var topics = kafka.freshTopics();
    KafkaSettings settings = new KafkaSettings(kafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    ShareGroupSettings shareGroups = new ShareGroupSettings(Duration.ofSeconds(5), 5);
    CoordinatorConfig defaults = CoordinatorConfig.defaults(stateDir);

    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName(defaults.host()))) {
      ConfigException refused = catchThrowableOfType(ConfigException.class,
          () -> Coordinator.start(onPort(defaults, taken.getLocalPort()), settings, shareGroups, Clock.systemUTC()));

      assertThat(refused.key()).isEqualTo("port");
      assertThat(refused.getMessage()).contains(Integer.toString(taken.getLocalPort()))
          .contains("Address already in use").doesNotContain("\n");
      assertThat(stateDir).doesNotExist();
    }

    try (Coordinator again = Coordinator.start(defaults, settings, shareGroups, Clock.systemUTC())) {
      HttpResponse<String> ready = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(again.url() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }

  private static CoordinatorConfig onPort(CoordinatorConfig c, int port) {
    return new CoordinatorConfig(c.host(), port, c.stateDir(), c.agentsFile(), c.maxBodyBytes(), c.maxRecordBytes(),
        c.apiTokens(), c.adminToken(), c.workerTimeout(), c.cancelGrace(), c.deadlineGrace(), c.taskLost(),
        c.runnersFile(), c.localConcurrency());
  }
}
