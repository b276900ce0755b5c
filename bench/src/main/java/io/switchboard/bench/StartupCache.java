package io.switchboard.bench;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a child runs from the launcher's start-up cache: the size of the class archive its JVM mapped
 * ({@code jcmd PID VM.info}). ~100 MB with the cache, ~15 MB with only the JDK's own archive: a JVM drops a
 * cache whose jars changed since it was recorded, with no more than a warning in its log, and a restart's
 * CPU nearly doubles without it (docs/performance.md, round 18).
 */
final class StartupCache {

  private static final Pattern MAPPED = Pattern.compile("CDS archive\\(s\\) mapped at: \\[[^)]*\\), size (\\d+)");

  private StartupCache() {}

  /** Megabytes of class archive the process mapped; 0 for none; empty when it cannot be read. */
  static OptionalDouble mappedMb(long pid) {
    try {
      return mappedMb(Jcmd.run(pid, "VM.info"));
    } catch (Exception e) {
      return OptionalDouble.empty();
    }
  }

  /** {@link #mappedMb(long)} from the text of {@code VM.info}. */
  static OptionalDouble mappedMb(String vmInfo) {
    Matcher m = MAPPED.matcher(vmInfo);
    if (m.find()) {
      return OptionalDouble.of(Math.round(Long.parseLong(m.group(1)) / 1024.0 / 1024.0 * 10) / 10.0);
    }
    return vmInfo.contains("CDS: off") ? OptionalDouble.of(0) : OptionalDouble.empty();
  }
}
