package io.switchboard.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a large join's time goes, from a sample of its tasks read back after the run ({@code GET
 * /v1/tasks/{key}}, every {@code 1/SAMPLE_EVERY}th task plus the last): milliseconds from the client's send
 * to the first task's {@code createdAt} ({@code accept}: sending, decoding and planning the whole
 * invocation), to the first {@code startedAt} ({@code first_start}: the intent written, the first envelopes
 * taken), to the last {@code finishedAt} ({@code last_finish}), and from there to the client's answer
 * ({@code answer}: the last results read, the answer of every outcome written and read). Every process runs on
 * this machine, so the clocks agree.
 */
final class W2Stages {

  private static final int SAMPLE_EVERY = 100;

  private W2Stages() {}

  /** Per stage name, in order, its milliseconds; empty when the tasks could not be read back. */
  static Map<String, Double> measure(BenchApi api, Workloads.Join join) throws Exception {
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < join.taskKeys().size(); i += SAMPLE_EVERY) {
      sample.add(join.taskKeys().get(i));
    }
    sample.add(join.taskKeys().getLast());
    Instant created = null;
    Instant firstStart = null;
    Instant lastFinish = null;
    for (String key : sample) {
      BenchApi.Answer answer = api.task(key);
      if (answer.status() != 200 || answer.body() == null) {
        return Map.of();
      }
      Instant taskCreated = W1Stages.instant(answer.body(), "createdAt");
      Instant started = W1Stages.instant(answer.body(), "startedAt");
      Instant finished = W1Stages.instant(answer.body(), "finishedAt");
      if (taskCreated == null || started == null || finished == null) {
        return Map.of();
      }
      created = earliest(created, taskCreated);
      firstStart = earliest(firstStart, started);
      lastFinish = lastFinish == null || finished.isAfter(lastFinish) ? finished : lastFinish;
    }
    Map<String, Double> stages = new LinkedHashMap<>();
    stages.put("accept", millis(join.sentAt(), created));
    stages.put("first_start", millis(join.sentAt(), firstStart));
    stages.put("last_finish", millis(join.sentAt(), lastFinish));
    stages.put("answer", millis(lastFinish, join.answeredAt()));
    return stages;
  }

  private static Instant earliest(Instant soFar, Instant next) {
    return soFar == null || next.isBefore(soFar) ? next : soFar;
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000.0;
  }
}
