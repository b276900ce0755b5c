package io.switchboard.coordinator;

import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A coordinator on a fresh topic prefix of the test broker, and an HTTP client for it. */
final class CoordinatorFixture implements AutoCloseable {

  final Topics topics;
  final KafkaSettings kafka;
  final Coordinator coordinator;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  CoordinatorFixture(TestKafka testKafka) throws Exception {
    this(testKafka, config -> config);
  }

  CoordinatorFixture(TestKafka testKafka, java.util.function.UnaryOperator<CoordinatorConfig> tweak)
      throws Exception {
    this(testKafka, tweak, java.util.Map.of());
  }

  CoordinatorFixture(TestKafka testKafka, java.util.function.UnaryOperator<CoordinatorConfig> tweak,
      java.util.Map<String, String> flags) throws Exception {
    this(testKafka, testKafka.freshTopics(), Files.createTempDirectory("coordinator-test"), tweak, flags);
  }

  /** A coordinator on {@code topics} with its state in {@code dir}: a restart of an earlier one. */
  CoordinatorFixture(TestKafka testKafka, Topics topics, Path dir) throws Exception {
    this(testKafka, topics, dir, config -> config, java.util.Map.of());
  }

  private CoordinatorFixture(TestKafka testKafka, Topics topics, Path dir,
      java.util.function.UnaryOperator<CoordinatorConfig> tweak, java.util.Map<String, String> flags)
      throws Exception {
    this.topics = topics;
    kafka = new KafkaSettings(testKafka.bootstrap(), topics.prefix(), Optional.empty(), Optional.empty());
    CoordinatorConfig base = CoordinatorConfig.defaults(dir);
    base = base.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30));
    CoordinatorConfig config = tweak.apply(base);
    coordinator = Coordinator.start(config, kafka, new ShareGroupSettings(Duration.ofSeconds(5), 5),
        new io.switchboard.common.config.ConfigSource(flags, java.util.Map.of()), Clock.systemUTC());
  }

  static CoordinatorConfig withTokens(CoordinatorConfig c, Set<String> tokens, String admin) {
    return new CoordinatorConfig(c.host(), c.port(), c.stateDir(), c.agentsFile(), c.maxBodyBytes(),
        c.maxRecordBytes(), tokens, Optional.ofNullable(admin), c.workerTimeout(), c.cancelGrace(),
        c.deadlineGrace(), c.taskLost());
  }

  static CoordinatorConfig withLimits(CoordinatorConfig c, int maxBody, int maxRecord) {
    return new CoordinatorConfig(c.host(), c.port(), c.stateDir(), c.agentsFile(), maxBody, maxRecord,
        c.apiTokens(), c.adminToken(), c.workerTimeout(), c.cancelGrace(), c.deadlineGrace(), c.taskLost());
  }

  HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.url() + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body, null);
  }

  HttpResponse<String> put(String path, String body) throws Exception {
    return send("PUT", path, body, null);
  }

  void putEchoAgent(String name) throws Exception {
    var response = put("/v1/agents/" + name, "{\"name\":\"" + name + "\",\"kind\":\"echo\"}");
    if (response.statusCode() != 200) {
      throw new AssertionError("PUT agent: " + response.statusCode() + " " + response.body());
    }
  }

  @Override
  public void close() {
    coordinator.close();
  }
}
