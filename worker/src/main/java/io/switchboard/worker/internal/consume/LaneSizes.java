package io.switchboard.worker.internal.consume;

/** How a worker's concurrency is split over its lanes. */
public final class LaneSizes {

  /** The most lanes (share consumers, platform threads) one worker opens. */
  public static final int MAX_LANES = 8;

  /**
   * The records one lane aims to hold. Every poll of a share consumer costs about the same whatever it
   * returns, so a lane that takes tasks in batches of up to this many spends little per task; beyond it,
   * more lanes fetch in parallel and spread the RENEWs of long tasks.
   */
  public static final int RECORDS_PER_LANE = 64;

  private LaneSizes() {}

  /**
   * The records each lane may hold: {@code ceil(concurrency / 64)} lanes, at most 8, whose sizes differ by
   * at most one and add up to exactly {@code concurrency}, so the lanes together never hold more tasks than
   * the worker may run (200 → 50, 50, 50, 50; 1,000 → 125 × 8).
   */
  public static int[] split(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    int lanes = Math.min(MAX_LANES, (concurrency + RECORDS_PER_LANE - 1) / RECORDS_PER_LANE);
    int[] sizes = new int[lanes];
    for (int i = 0; i < lanes; i++) {
      sizes[i] = concurrency / lanes + (i < concurrency % lanes ? 1 : 0);
    }
    return sizes;
  }
}
