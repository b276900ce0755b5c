package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead letters are listed with their reason, and a retry runs a poison task again. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class DeadLetterTest {

  @Test
  void shouldListPoisonTaskAndRetryItAsNextAttempt(TestKafka kafka) throws Exception {
    try (var fx = new CoordinatorFixture(kafka);
         var responder = new Responder(new KafkaClients(fx.kafka), fx.topics, 1)) {
      fx.putEchoAgent("echo");
      JsonNode failed = json(fx.post("/v1/invocations?waitMs=30000",
          "{\"workflowId\":\"dl\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"poison-once\"}]}"));
      assertThat(failed.path("outcomes").get(0).path("error").path("code").asText()).isEqualTo("poison");

      JsonNode letter = null;
      long end = System.currentTimeMillis() + 20_000;
      while (letter == null && System.currentTimeMillis() < end) {
        for (JsonNode l : json(fx.get("/v1/dead-letters")).path("deadLetters")) {
          if (l.path("key").asText().equals("dl/0")) {
            letter = l;
          }
        }
        Thread.sleep(100);
      }
      assertThat(letter).as("dead letter of dl/0").isNotNull();
      assertThat(letter.path("reason").asText()).startsWith("poison");
      assertThat(letter.path("sourceTopic").asText()).isEqualTo(fx.topics.tasks("default"));

      var retry = fx.post("/v1/dead-letters/dl/0/retry", "");
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
      assertThat(json(retry).path("attempt").asInt()).isEqualTo(2);
      JsonNode again = json(fx.get("/v1/invocations/dl?waitMs=30000"));
      assertThat(again.path("status").asText()).isEqualTo("succeeded");
      assertThat(again.path("outcomes").get(0).path("attempts").asInt()).isEqualTo(2);

      assertThat(fx.post("/v1/dead-letters/dl/0/retry", "").statusCode()).isEqualTo(409); // it did not fail now
      assertThat(fx.post("/v1/dead-letters/nope/0/retry", "").statusCode()).isEqualTo(404);
    }
  }

  private static JsonNode json(java.net.http.HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }
}
