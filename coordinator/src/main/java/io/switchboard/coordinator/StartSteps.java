package io.switchboard.coordinator;

import java.lang.management.ManagementFactory;

/**
 * How long each step of a coordinator's start took, for its "ready" log line: where a slow start (a
 * restart after a crash, above all) spends its time.
 */
final class StartSteps {

  private final long jvmStartedMs = ManagementFactory.getRuntimeMXBean().getUptime();
  private final StepTimes steps = new StepTimes();

  /** The step called {@code name} ended now. */
  void done(String name) {
    steps.done(name);
  }

  @Override
  public String toString() {
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    return "started " + uptime + " ms after the JVM (" + jvmStartedMs + " ms of JVM and setup before the start; "
        + steps + "); " + cpu();
  }

  /** The CPU the process spent so far: on a busy machine a start is CPU-bound, and this is its own share. */
  private static String cpu() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? "CPU " + os.getProcessCpuTime() / 1_000_000 + " ms" : "CPU unknown";
  }
}
