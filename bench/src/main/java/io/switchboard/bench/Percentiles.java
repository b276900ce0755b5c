package io.switchboard.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of latency samples (the value below which {@code p}% of samples fall). */
final class Percentiles {

  private Percentiles() {}

  /** The {@code p}-th percentile (0 < p <= 100) of {@code samples}; the array is not modified. */
  static double of(double[] samples, double p) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    return ofSorted(sorted, p);
  }

  /** As {@link #of}, for samples already sorted ascending. */
  static double ofSorted(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** Nanosecond durations as milliseconds. */
  static double[] millis(long[] nanos) {
    double[] ms = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      ms[i] = nanos[i] / 1_000_000.0;
    }
    return ms;
  }
}
