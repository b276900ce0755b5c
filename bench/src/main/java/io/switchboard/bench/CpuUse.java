package io.switchboard.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The CPU time each process of the cluster spent during a phase, from the operating system's account
 * ({@link ProcessHandle.Info#totalCpuDuration()}): where a throughput figure's cost lies, per task.
 */
final class CpuUse {

  private final Map<String, Long> pids;
  private final Map<String, Duration> before = new LinkedHashMap<>();
  private final Map<String, Duration> compilerBefore = new LinkedHashMap<>();

  private CpuUse(Map<String, Long> pids) {
    this.pids = pids;
    pids.forEach((name, pid) -> {
      before.put(name, cpu(pid));
      compilerBefore.put(name, CompilerCpu.of(pid));
    });
  }

  /** Starts measuring the named processes ({@code name → pid}). */
  static CpuUse start(Map<String, Long> pids) {
    return new CpuUse(pids);
  }

  /** Microseconds of CPU per task since the start, by process name. */
  Map<String, Double> microsPerTask(long tasks) {
    return each(cpu -> cpu.toNanos() / 1_000.0 / Math.max(1, tasks));
  }

  /** Percent of one core each process used since the start, over {@code elapsed}. */
  Map<String, Double> percentOfCore(Duration elapsed) {
    return each(cpu -> 100.0 * cpu.toNanos() / Math.max(1, elapsed.toNanos()));
  }

  /**
   * The part of the processes' CPU since the start that their JIT compiler threads spent (0 to 1; 0 where
   * it cannot be known).
   */
  double compilerShare() {
    long all = totalNanos();
    return all == 0 ? 0 : Math.min(1, (double) compilerNanos() / all);
  }

  /** Nanoseconds of CPU all the processes spent since the start. */
  long totalNanos() {
    return spent().values().stream().mapToLong(Duration::toNanos).sum();
  }

  /** Nanoseconds of CPU the processes' JIT compiler threads spent since the start (0 where unknown). */
  long compilerNanos() {
    long compiling = 0;
    for (var e : pids.entrySet()) {
      compiling += CompilerCpu.of(e.getValue()).minus(compilerBefore.get(e.getKey())).toNanos();
    }
    return compiling;
  }

  /** Milliseconds of CPU each process spent since the start, by process name. */
  Map<String, Double> millis() {
    return each(cpu -> cpu.toNanos() / 1_000_000.0);
  }

  /** {@code figure} of the CPU each process spent since the start, by process name. */
  private Map<String, Double> each(ToDoubleFunction<Duration> figure) {
    Map<String, Double> figures = new LinkedHashMap<>();
    spent().forEach((name, cpu) -> figures.put(name, figure.applyAsDouble(cpu)));
    return figures;
  }

  private Map<String, Duration> spent() {
    Map<String, Duration> spent = new LinkedHashMap<>();
    pids.forEach((name, pid) -> spent.put(name, cpu(pid).minus(before.get(name))));
    return spent;
  }

  /** The CPU the process has spent since it started. */
  static Duration cpu(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }
}
