package io.switchboard.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** W1, W2 and W3: echo work through the HTTP API, as a client submits it. */
final class Workloads {

  private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(5);

  private final BenchApi api;
  private final Consumer<String> progress;

  Workloads(BenchApi api, Consumer<String> progress) {
    this.api = api;
    this.progress = progress;
  }

  /** What W1 measured: each measured invocation's latency in ms, and their times for {@link W1Stages}. */
  record Singles(double[] latencies, W1Stages stages) {}

  /** W1: sequential single invocations ({@code waitMs=30000}). */
  Singles singleLatencies(int warmup, int count) throws Exception {
    double[] measured = new double[count];
    W1Stages stages = new W1Stages();
    long t0 = System.nanoTime();
    for (int i = 0; i < warmup + count; i++) {
      String body = Bodies.single(Cluster.ECHO, i);
      Instant sentAt = Instant.now();
      long start = System.nanoTime();
      BenchApi.Answer answer = api.submit(body, 30_000).requireSucceeded("W1 invocation " + i);
      long end = System.nanoTime();
      if (i >= warmup) {
        measured[i - warmup] = (end - start) / 1_000_000.0;
        stages.add(answer.firstTaskKey(), sentAt, sentAt.plusNanos(end - start));
      }
      if ((i + 1) % 500 == 0) {
        progress.accept("W1 " + (i + 1) + "/" + (warmup + count) + " (" + Elapsed.since(t0) + ")");
      }
    }
    return new Singles(measured, stages);
  }

  /** One measured join: its rate, when it was sent and answered (wall clock), and its task keys in order. */
  record Join(double tasksPerSecond, Instant sentAt, Instant answeredAt, List<String> taskKeys) {}

  /** W2: one {@code all} join of {@code targets} echo targets; tasks/s from submit to the 200 answer. */
  double joinThroughput(int targets) throws Exception {
    return join(targets).tasksPerSecond();
  }

  /** {@link #joinThroughput}, with what {@link W2Stages} reads back. */
  Join join(int targets) throws Exception {
    String body = Bodies.invocation(Cluster.ECHO, "all", targets, 0);
    Instant sentAt = Instant.now();
    long t0 = System.nanoTime();
    BenchApi.Answer answer = api.submit(body, 120_000);
    if (answer.status() == 202) {
      answer = api.awaitFinished(answer.invocationId(), JOIN_TIMEOUT);
    }
    answer.requireSucceeded("W2 join of " + targets);
    double seconds = Elapsed.secondsSince(t0);
    int outcomes = answer.body().path("outcomes").size();
    if (outcomes != targets) {
      throw new IllegalStateException("W2: " + outcomes + " outcomes for " + targets + " targets");
    }
    progress.accept("W2 " + targets + " tasks in " + Elapsed.since(t0));
    List<String> keys = new ArrayList<>(outcomes);
    answer.body().path("outcomes").forEach(outcome -> keys.add(outcome.path("key").asText()));
    return new Join(targets / seconds, sentAt, sentAt.plusNanos((long) (seconds * 1e9)), keys);
  }

  /**
   * W3: {@code invocations} detached invocations of {@code targetsEach} echo targets, then each polled
   * until it has succeeded; tasks/s from the first submit to the last success.
   */
  double detachedThroughput(int invocations, int targetsEach) throws Exception {
    long t0 = System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < invocations; i++) {
      BenchApi.Answer answer = api.submit(Bodies.invocation(Cluster.ECHO, "detached", targetsEach, i * targetsEach), 0);
      if (answer.status() != 202 || answer.invocationId() == null) {
        throw new IllegalStateException("W3 submit " + i + ": HTTP " + answer.status() + " " + answer.abbreviated());
      }
      ids.add(answer.invocationId());
    }
    progress.accept("W3 " + invocations + " detached invocations submitted (" + Elapsed.since(t0) + ")");
    for (String id : ids) {
      api.awaitFinished(id, JOIN_TIMEOUT).requireSucceeded("W3 invocation " + id);
    }
    int tasks = invocations * targetsEach;
    progress.accept("W3 " + tasks + " tasks in " + Elapsed.since(t0));
    return tasks / Elapsed.secondsSince(t0);
  }
}
