package io.switchboard.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Unmeasured rounds of a workload until the JIT of every process it runs through has compiled what the
 * workload makes hot: a throughput figure is the steady state a deployment runs in, not a fresh JVM's
 * first seconds. One 5,000-task join left ~40% of the CPU of the measured W2 to the compiler threads of
 * broker, coordinator and worker; on two cores the JIT takes tens of seconds of load to settle (in
 * {@code switchboard dev}, 16 joins of 5,000 took 5.5 s down to 2.1 s, still compiling, mostly the
 * broker's code). The warm-up ends when less than {@link #QUIET_SHARE} of the CPU the processes spent over
 * the last {@link #QUIET_WINDOW} of rounds went to compilation, or when its budget is spent (120 s in a full
 * run, {@link Sizes}).
 *
 * <p>Over a window, not one round: a round of W3 lasts ~0.7 s and compilations come in bursts, so a single
 * quiet round came by chance while the broker still compiled for another minute (docs/performance.md,
 * round 18: its CPU per W3 task 57-80 µs when measured so, 36 µs once its JIT was done).
 */
final class Warmup {

  static final double QUIET_SHARE = 0.10;
  /** The trailing stretch of rounds whose JIT share decides: several rounds, and several bursts of compiling. */
  static final Duration QUIET_WINDOW = Duration.ofSeconds(5);

  private Warmup() {}

  /**
   * Runs {@code round} until the rounds of the last {@link #QUIET_WINDOW} are quiet or the budget is spent
   * (at least once).
   *
   * @param pids the processes whose JIT is watched, by name
   * @return the rounds run
   */
  static int untilCompiled(String what, Map<String, Long> pids, Callable<?> round, Duration budget,
      Consumer<String> progress) throws Exception {
    long t0 = System.nanoTime();
    Deque<Round> recent = new ArrayDeque<>();
    for (int rounds = 1; ; rounds++) {
      long started = System.nanoTime();
      CpuUse cpu = CpuUse.start(pids);
      round.call();
      recent.addLast(new Round(System.nanoTime() - started, cpu.totalNanos(), cpu.compilerNanos()));
      // keep the newest rounds that span the window, no more
      while (recent.size() > 1 && spanNanos(recent) - recent.peekFirst().wallNanos() >= QUIET_WINDOW.toNanos()) {
        recent.removeFirst();
      }
      double share = share(recent);
      boolean windowFull = spanNanos(recent) >= QUIET_WINDOW.toNanos();
      boolean spent = System.nanoTime() - t0 >= budget.toNanos();
      if ((windowFull && share < QUIET_SHARE) || spent) {
        progress.accept(what + " warmed up in " + rounds + " rounds (" + Elapsed.since(t0) + "); the last "
            + recent.size() + " (" + Math.round(spanNanos(recent) / 1e8) / 10.0 + " s) " + Math.round(share * 100)
            + "% JIT compilation");
        return rounds;
      }
    }
  }

  /** One round: how long it took, the CPU the processes spent during it, and their compiler threads' part. */
  private record Round(long wallNanos, long cpuNanos, long compilerNanos) {}

  private static long spanNanos(Deque<Round> rounds) {
    return rounds.stream().mapToLong(Round::wallNanos).sum();
  }

  private static double share(Deque<Round> rounds) {
    long cpu = rounds.stream().mapToLong(Round::cpuNanos).sum();
    long compiling = rounds.stream().mapToLong(Round::compilerNanos).sum();
    return cpu == 0 ? 0 : Math.min(1, (double) compiling / cpu);
  }
}
