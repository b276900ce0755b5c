package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Supervisors over the real broker: restart with backoff, stop, escalate, limits. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class SupervisionTest {

  private final TestKafka kafka;
  private CoordinatorFixture fx;
  private Responder responder;

  SupervisionTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @BeforeEach
  void start() throws Exception {
    fx = new CoordinatorFixture(kafka);
    fx.put("/v1/agents/retrying", "{\"name\":\"retrying\",\"kind\":\"echo\",\"supervisor\":"
        + "{\"onFailure\":\"restart\",\"maxRestarts\":3,\"backoffMs\":50}}");
    fx.put("/v1/agents/stopping", "{\"name\":\"stopping\",\"kind\":\"echo\",\"supervisor\":{\"onFailure\":\"stop\"}}");
    fx.put("/v1/agents/escalating", "{\"name\":\"escalating\",\"kind\":\"echo\",\"supervisor\":"
        + "{\"onFailure\":\"escalate\"}}");
    responder = new Responder(new KafkaClients(fx.kafka), fx.topics, 1);
  }

  @AfterEach
  void stop() throws Exception {
    responder.close();
    fx.close();
  }

  @Test
  void shouldRestartRetryableFailuresUntilSuccessCountingAttempts() throws Exception {
    JsonNode outcome = single("{\"targets\":[{\"agent\":\"retrying\",\"prompt\":\"flaky-2\"}]}");
    assertThat(outcome.path("success").asBoolean()).isTrue();
    assertThat(outcome.path("output").asText()).isEqualTo("flaky-2");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(3);
  }

  @Test
  void shouldGiveUpAfterMaxRestartsWithTheLastError() throws Exception {
    JsonNode outcome = single("{\"targets\":[{\"agent\":\"retrying\",\"prompt\":\"always-transient\"}]}");
    assertThat(outcome.path("success").asBoolean()).isFalse();
    assertThat(outcome.path("error").path("code").asText()).isEqualTo("transient");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(4); // the first run and 3 restarts
  }

  @Test
  void shouldNeverRestartNonRetryableFailures() throws Exception {
    JsonNode outcome = single("{\"targets\":[{\"agent\":\"retrying\",\"prompt\":\"broken\"}]}");
    assertThat(outcome.path("error").path("code").asText()).isEqualTo("agent_error");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void shouldStopOnFirstFailureWhenPolicyIsStop() throws Exception {
    JsonNode outcome = single("{\"targets\":[{\"agent\":\"stopping\",\"prompt\":\"flaky-1\"}]}");
    assertThat(outcome.path("error").path("code").asText()).isEqualTo("transient");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void shouldLetTargetOverrideAgentSupervisor() throws Exception {
    JsonNode outcome = single("{\"targets\":[{\"agent\":\"stopping\",\"prompt\":\"flaky-1\","
        + "\"supervisor\":{\"onFailure\":\"restart\",\"maxRestarts\":2,\"backoffMs\":10}}]}");
    assertThat(outcome.path("success").asBoolean()).isTrue();
    assertThat(outcome.path("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void shouldEscalateChildFailureToItsParent() throws Exception {
    responder.pause(true); // the parent stays running
    fx.post("/v1/invocations?waitMs=0", "{\"workflowId\":\"esc-root\",\"targets\":[{\"agent\":\"stopping\","
        + "\"prompt\":\"parent\"}]}");
    fx.post("/v1/invocations?waitMs=0", "{\"workflowId\":\"esc-kids\",\"parentTaskId\":\"esc-root/0\",\"targets\":["
        + "{\"agent\":\"escalating\",\"prompt\":\"broken\"},{\"agent\":\"stopping\",\"prompt\":\"sibling\"}]}");
    responder.pause(false);
    JsonNode parent = Json.mapper().readTree(fx.get("/v1/invocations/esc-root?waitMs=30000").body());
    JsonNode error = parent.path("outcomes").get(0).path("error");
    assertThat(error.path("code").asText()).isEqualTo("escalated");
    assertThat(error.path("message").asText()).contains("esc-kids/0").contains("agent_error");
    JsonNode kids = Json.mapper().readTree(fx.get("/v1/invocations/esc-kids?waitMs=30000").body());
    assertThat(kids.path("outcomes").get(0).path("error").path("code").asText()).isEqualTo("agent_error");
  }

  private JsonNode single(String body) throws Exception {
    HttpResponse<String> response = fx.post("/v1/invocations?waitMs=30000", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body()).path("outcomes").get(0);
  }
}
