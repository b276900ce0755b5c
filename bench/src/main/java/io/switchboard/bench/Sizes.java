package io.switchboard.bench;

import java.time.Duration;

/**
 * How much work each phase does: the documented full run, or {@code --quick} for a smoke run.
 *
 * @param rawWarmup round trips before the raw latency is measured
 * @param rawRoundTrips raw request/reply round trips measured at concurrency 1
 * @param rawPipelined raw requests sent through a window of {@code rawWindow} in flight
 * @param rawWindow raw requests in flight at once in the pipelined run
 * @param w1Warmup single invocations before W1 is measured
 * @param w1Count single invocations measured
 * @param warmupTargets tasks of each unmeasured round before W2 (one {@code all} join) and before W3 (detached
 *     invocations of {@code w3Targets}), repeated until the JIT of broker, coordinator and worker is quiet
 *     ({@link Warmup}), so the figures are the steady state
 * @param warmupBudget the longest each warm-up (raw pipelined, W2, W3) may take
 * @param w2Targets targets of W2's one {@code all} join
 * @param w3Invocations detached invocations of W3
 * @param w3Targets targets per W3 invocation
 * @param r1Targets targets in flight when R1 kills the coordinator
 * @param r1DelayMs the slow echo agent's delay in R1
 * @param m1Invocations detached invocations held in flight for M1
 * @param m1Targets targets per M1 invocation
 */
record Sizes(int rawWarmup, int rawRoundTrips, int rawPipelined, int rawWindow, int w1Warmup, int w1Count,
    int warmupTargets, Duration warmupBudget, int w2Targets, int w3Invocations, int w3Targets, int r1Targets,
    long r1DelayMs, int m1Invocations, int m1Targets) {

  /** Bytes of every prompt (and of the raw request JSON). */
  static final int PAYLOAD_BYTES = 300;

  static Sizes full() {
    return new Sizes(200, 1000, 50_000, 1000, 200, 2000, 5_000, Duration.ofSeconds(120), 10_000, 20, 1000, 10_000,
        200, 10, 10_000);
  }

  static Sizes quick() {
    return new Sizes(100, 300, 10_000, 1000, 50, 200, 1000, Duration.ofSeconds(5), 2000, 4, 1000, 2000, 200, 2,
        10_000);
  }

  Sizes withR1DelayMs(long delayMs) {
    if (delayMs < 0) {
      throw new IllegalArgumentException("--r1-delay-ms must be >= 0, got " + delayMs);
    }
    return new Sizes(rawWarmup, rawRoundTrips, rawPipelined, rawWindow, w1Warmup, w1Count, warmupTargets, warmupBudget,
        w2Targets, w3Invocations, w3Targets, r1Targets, delayMs, m1Invocations, m1Targets);
  }
}
