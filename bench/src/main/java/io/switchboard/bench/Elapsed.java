package io.switchboard.bench;

import java.util.Locale;

/** Durations for the progress lines. */
final class Elapsed {

  private Elapsed() {}

  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000.0;
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static String since(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", secondsSince(startNanos));
  }
}
