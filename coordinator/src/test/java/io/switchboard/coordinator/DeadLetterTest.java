package io.switchboard.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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

      JsonNode letter = awaitDeadLetter(fx, "dl/0");
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

  /**
   * A retry is the state's as well as the topics': the invocation, finished when its task failed, is live again
   * after a restart until the retried attempt's result comes, and that result finishes it.
   */
  @Test
  void shouldKeepARetriedTaskRunningAcrossARestart(TestKafka kafka, @TempDir Path dir) throws Exception {
    Topics topics = kafka.freshTopics();
    try (var fx = new CoordinatorFixture(kafka, topics, dir)) {
      try (var responder = new Responder(new KafkaClients(fx.kafka), fx.topics, 1)) {
        fx.putEchoAgent("echo");
        JsonNode failed = json(fx.post("/v1/invocations?waitMs=30000",
            "{\"workflowId\":\"dl-restart\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"poison-once\"}]}"));
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        awaitDeadLetter(fx, "dl-restart/0");
      }
      // no worker now: the retried attempt is still to run when the coordinator stops
      var retry = fx.post("/v1/dead-letters/dl-restart/0/retry", "");
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    }
    try (var again = new CoordinatorFixture(kafka, topics, dir)) {
      var running = again.get("/v1/invocations/dl-restart?waitMs=0");
      assertThat(running.statusCode()).as(running.body()).isEqualTo(202);
      try (var responder = new Responder(new KafkaClients(again.kafka), again.topics, 1)) {
        JsonNode done = json(again.get("/v1/invocations/dl-restart?waitMs=30000"));
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("outcomes").get(0).path("attempts").asInt()).isEqualTo(2);
      }
    }
  }

  private static JsonNode awaitDeadLetter(CoordinatorFixture fx, String key) throws Exception {
    long end = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < end) {
      for (JsonNode l : json(fx.get("/v1/dead-letters")).path("deadLetters")) {
        if (l.path("key").asText().equals(key)) {
          return l;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no dead letter of " + key + " within 20 s");
  }

  private static JsonNode json(java.net.http.HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }
}
