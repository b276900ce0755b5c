package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a single invocation's time goes: each measured W1 invocation's client send and answer times, set
 * against its task's {@code createdAt} (planned, before the intent is written), {@code startedAt} (its
 * agent started on the worker) and {@code finishedAt} (the agent returned), read back with
 * {@code GET /v1/tasks/{key}} after the run. Every process runs on this machine, so the clocks agree.
 *
 * <p>The stages, in order: {@code accept} (HTTP, decoding, validation, planning), {@code dispatch} (intent
 * write, envelope write, share fetch, the lane), {@code run} (the echo agent itself), {@code answer} (result
 * write, the coordinator's fetch, the engine, HTTP).
 */
final class W1Stages {

  private static final List<String> STAGES = List.of("accept", "dispatch", "run", "answer");

  /** One measured invocation, by the client's wall clock. */
  private record Sent(String taskKey, Instant sentAt, Instant answeredAt) {}

  private final List<Sent> sent = new ArrayList<>();

  void add(String taskKey, Instant sentAt, Instant answeredAt) {
    if (taskKey != null) {
      sent.add(new Sent(taskKey, sentAt, answeredAt));
    }
  }

  /** Per stage name, in order, the milliseconds each read-back invocation spent in it. */
  Map<String, double[]> measure(BenchApi api) throws Exception {
    double[][] millis = new double[STAGES.size()][sent.size()];
    int read = 0;
    for (Sent one : sent) {
      BenchApi.Answer answer = api.task(one.taskKey());
      if (answer.status() != 200 || answer.body() == null) {
        continue;
      }
      Instant created = instant(answer.body(), "createdAt");
      Instant started = instant(answer.body(), "startedAt");
      Instant finished = instant(answer.body(), "finishedAt");
      if (created == null || started == null || finished == null) {
        continue;
      }
      Instant[] marks = {one.sentAt(), created, started, finished, one.answeredAt()};
      for (int stage = 0; stage < STAGES.size(); stage++) {
        millis[stage][read] = Duration.between(marks[stage], marks[stage + 1]).toNanos() / 1_000_000.0;
      }
      read++;
    }
    Map<String, double[]> byStage = new LinkedHashMap<>();
    for (int stage = 0; stage < STAGES.size(); stage++) {
      byStage.put(STAGES.get(stage), Arrays.copyOf(millis[stage], read));
    }
    return byStage;
  }

  /** A snapshot's timestamp field; null when it has none. */
  static Instant instant(JsonNode snapshot, String field) {
    String text = snapshot.path(field).asText(null);
    return text == null ? null : Instant.parse(text);
  }
}
