package io.switchboard.bench;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child's live heap, for context beside its RSS: {@code jcmd PID GC.run} then {@code GC.heap_info}
 * ({@link Jcmd}). Best effort: a message on failure.
 */
final class JvmHeap {

  private static final Pattern USED = Pattern.compile("(?:total|committed)\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private JvmHeap() {}

  static String liveAfterFullGc(JavaProcess process) {
    try {
      String before = summary(Jcmd.run(process.pid(), "GC.heap_info"), "heap before it").orElse("heap before it unknown");
      Jcmd.run(process.pid(), "GC.run");
      String info = Jcmd.run(process.pid(), "GC.heap_info");
      return before + "; " + summary(info, "heap after a full GC").orElse("heap size unknown (GC.heap_info: "
          + info.strip() + ")") + "; RSS now " + process.rssKb() / 1024 + " MB";
    } catch (Exception e) {
      return "heap size unknown: " + e.getMessage();
    }
  }

  /** "N MB used of M MB committed" from {@code jcmd PID GC.heap_info} (JDK 21 and 25 wordings). */
  static Optional<String> summary(String heapInfo, String what) {
    Matcher m = USED.matcher(heapInfo);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%s: %d MB used of %d MB committed", what,
        Long.parseLong(m.group(2)) / 1024, Long.parseLong(m.group(1)) / 1024));
  }
}
