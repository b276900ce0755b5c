package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a single invocation's time goes: each measured W1 invocation's client send and answer times, set
 * against its task's {@code createdAt} (planned, before the intent is written), {@code startedAt} (its
 * agent started on the worker) and {@code finishedAt} (the agent returned), read back with
 * {@code GET /v1/tasks/{key}} after the run. Every process runs on this machine, so the clocks agree.
 */
final class W1Stages {

  /** The four stages, in order, with what each covers. */
  static final Map<String, String> STAGES = stages();

  /** One measured invocation, by the client's wall clock. */
  record Sent(String taskKey, Instant sentAt, Instant answeredAt) {}

  private final List<Sent> sent = new ArrayList<>();

  void add(String taskKey, Instant sentAt, Instant answeredAt) {
    if (taskKey != null) {
      sent.add(new Sent(taskKey, sentAt, answeredAt));
    }
  }

  /** Per stage name, the milliseconds each read-back invocation spent in it. */
  Map<String, double[]> measure(BenchApi api) throws Exception {
    List<double[]> rows = new ArrayList<>();
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
      rows.add(new double[] {millis(one.sentAt(), created), millis(created, started), millis(started, finished),
          millis(finished, one.answeredAt())});
    }
    Map<String, double[]> byStage = new LinkedHashMap<>();
    int column = 0;
    for (String stage : STAGES.keySet()) {
      double[] values = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        values[i] = rows.get(i)[column];
      }
      byStage.put(stage, values);
      column++;
    }
    return byStage;
  }

  private static Instant instant(JsonNode snapshot, String field) {
    String text = snapshot.path(field).asText(null);
    return text == null ? null : Instant.parse(text);
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000.0;
  }

  private static Map<String, String> stages() {
    Map<String, String> stages = new LinkedHashMap<>();
    stages.put("accept", "client send to planned: HTTP, decoding, validation, planning");
    stages.put("dispatch", "planned to the agent's start: intent write, envelope write, share fetch, lane");
    stages.put("run", "the echo agent itself");
    stages.put("answer", "agent done to the client's answer: result write, the coordinator's fetch, engine, HTTP");
    return stages;
  }
}
