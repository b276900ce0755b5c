package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CPU a process's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) have
 * spent, from Linux's {@code /proc/<pid>/task/*}: how far a process still is from its steady state. Zero
 * where there is no {@code /proc} (every warm-up round then looks quiet: the warm-up is one round).
 */
final class CompilerCpu {

  /** Linux reports a thread's CPU in clock ticks of 1/100 s ({@code USER_HZ}, fixed for user space). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private CompilerCpu() {}

  static Duration of(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      return Duration.ZERO;
    }
    long ticks = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : threads.toList()) {
        ticks += compilerTicks(thread);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // the process ended meanwhile: what was read so far
    }
    return Duration.ofNanos(ticks * NANOS_PER_TICK);
  }

  /** The thread's user and system ticks if it is a compiler thread, else 0 (also when it ended). */
  private static long compilerTicks(Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).strip();
      if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
        return 0;
      }
      String stat = Files.readString(thread.resolve("stat"));
      // the fields after the command name in parentheses: state is the first, utime the 12th, stime the 13th
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
