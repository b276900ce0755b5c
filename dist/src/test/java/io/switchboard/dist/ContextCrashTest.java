package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.FreePorts;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator process SIGKILLed while agents append to a context: after a restart every append that
 * was answered 201 is there with the seq it was given, in one order that keeps each writer's own order,
 * and nothing is there twice.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class ContextCrashTest {

  private static final int WRITERS = 4;

  @Test
  void shouldKeepEveryAcknowledgedAppendInOrderAcrossASigkill(TestKafka kafka, @TempDir Path dir) throws Exception {
    Topics topics = kafka.freshTopics();
    int port = FreePorts.pick("127.0.0.1");
    String[] args = {"coordinator", "--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix(), "--port",
        Integer.toString(port), "--state-dir", dir.resolve("state").toString()};
    List<Launched> processes = new ArrayList<>();
    try {
      Launched coordinator = Launched.start(dir.resolve("logs"), "coordinator-1", args);
      processes.add(coordinator);
      Api api = Api.at(coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip());
      api.putAgent("{\"name\":\"echo\",\"kind\":\"echo\"}");
      // no worker: the task stays queued, its context open
      api.call("POST", "/v1/invocations?waitMs=0", "{\"workflowId\":\"talk\",\"join\":\"detached\",\"targets\":"
          + "[{\"agent\":\"echo\",\"prompt\":\"start\"}]}", 202);

      Map<Long, String> acknowledged = new ConcurrentHashMap<>();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; ; i++) {
            String content = "w" + writer + "-" + i;
            try {
              HttpResponse<String> response = api.send("POST", "/v1/contexts/talk/0/entries",
                  "{\"content\":\"" + content + "\"}");
              if (response.statusCode() != 201) {
                return;
              }
              acknowledged.put(io.switchboard.common.json.Json.mapper().readTree(response.body()).path("seq")
                  .asLong(), content);
            } catch (Exception e) {
              return; // the coordinator is gone
            }
          }
        }));
      }
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (acknowledged.size() < 200 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      coordinator.kill();
      for (Thread t : writers) {
        t.join(30_000);
      }
      System.out.println("coordinator SIGKILLed after " + acknowledged.size() + " acknowledged appends");
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);

      args[0] = "coordinator";
      processes.add(Launched.start(dir.resolve("logs"), "coordinator-2", args));
      api.awaitStatus("GET", "/readyz", null, 200, Duration.ofSeconds(120));

      Map<Long, String> stored = new HashMap<>();
      List<Long> order = new ArrayList<>();
      long after = 0;
      while (true) {
        JsonNode page = api.call("GET", "/v1/contexts/talk/0?after=" + after, null, 200);
        page.path("entries").forEach(e -> {
          stored.put(e.path("seq").asLong(), e.path("content").asText());
          order.add(e.path("seq").asLong());
        });
        if (page.path("next").isNull()) {
          break;
        }
        after = page.path("next").asLong();
      }
      assertThat(stored).containsAllEntriesOf(acknowledged);
      assertThat(order).isSorted().doesNotHaveDuplicates();
      assertThat(new HashSet<>(stored.values())).hasSize(stored.size());
      Map<String, Integer> lastOfWriter = new HashMap<>();
      for (long seq : order) {
        String content = stored.get(seq);
        if (content.startsWith("w")) {
          String writer = content.substring(0, content.indexOf('-'));
          int i = Integer.parseInt(content.substring(content.indexOf('-') + 1));
          assertThat(i).as("writer %s's entries keep its order", writer)
              .isGreaterThan(lastOfWriter.getOrDefault(writer, -1));
          lastOfWriter.put(writer, i);
        }
      }
      // and the context takes appends again, after everything that survived
      long next = api.call("POST", "/v1/contexts/talk/0/entries", "{\"content\":\"after the crash\"}", 201)
          .path("seq").asLong();
      assertThat(next).isGreaterThan(order.getLast());
    } finally {
      for (Launched p : processes.reversed()) {
        p.close();
      }
      Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
    }
  }
}
