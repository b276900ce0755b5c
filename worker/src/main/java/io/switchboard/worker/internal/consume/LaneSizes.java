package io.switchboard.worker.internal.consume;

/** How a worker's concurrency is split over its lanes. */
public final class LaneSizes {

  /** The most lanes (share consumers, platform threads) one worker opens. */
  public static final int MAX_LANES = 8;

  private LaneSizes() {}

  /**
   * The records each lane may hold: {@code min(concurrency, 8)} lanes whose sizes differ by at most one
   * and add up to exactly {@code concurrency}, so the lanes together never hold more tasks than the
   * worker may run (10 → 2, 2, 1, 1, 1, 1, 1, 1).
   */
  public static int[] split(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    int lanes = Math.min(concurrency, MAX_LANES);
    int[] sizes = new int[lanes];
    for (int i = 0; i < lanes; i++) {
      sizes[i] = concurrency / lanes + (i < concurrency % lanes ? 1 : 0);
    }
    return sizes;
  }
}
