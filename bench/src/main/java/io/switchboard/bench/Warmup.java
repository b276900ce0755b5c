package io.switchboard.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Unmeasured rounds of a workload until the JIT of every process it runs through has compiled what the
 * workload makes hot: a throughput figure is the steady state a deployment runs in, not a fresh JVM's
 * first seconds. One 5,000-task join left ~40% of the CPU of the measured W2 to the compiler threads of
 * broker, coordinator and worker; on two cores the JIT takes tens of seconds of load to settle (in
 * {@code switchboard dev}, 16 joins of 5,000 took 5.5 s down to 2.1 s, still compiling, mostly the
 * broker's code). A round is quiet when less than {@link #QUIET_SHARE} of the CPU the processes spent
 * during it went to compilation; the warm-up ends at the first quiet round or when its budget is spent
 * (90 s in a full run, {@link Sizes}: on two cores the broker alone compiled for ~45 s of W3's load).
 */
final class Warmup {

  static final double QUIET_SHARE = 0.10;

  private Warmup() {}

  /**
   * Runs {@code round} until a round is quiet or the budget is spent (at least once).
   *
   * @param pids the processes whose JIT is watched, by name
   * @return the rounds run
   */
  static int untilCompiled(String what, Map<String, Long> pids, Callable<?> round, Duration budget,
      Consumer<String> progress) throws Exception {
    long t0 = System.nanoTime();
    for (int rounds = 1; ; rounds++) {
      CpuUse cpu = CpuUse.start(pids);
      round.call();
      double share = cpu.compilerShare();
      boolean spent = System.nanoTime() - t0 >= budget.toNanos();
      if (share < QUIET_SHARE || spent) {
        progress.accept(what + " warmed up in " + rounds + " rounds (" + Elapsed.since(t0) + "); the last one "
            + Math.round(share * 100) + "% JIT compilation");
        return rounds;
      }
    }
  }
}
