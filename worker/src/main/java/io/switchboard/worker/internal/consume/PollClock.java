package io.switchboard.worker.internal.consume;

import java.time.Duration;

/**
 * A lane's view of time around its polls ({@link System#nanoTime()}): how old a record a poll returns
 * may be, and whether the lane stalled (did not poll for longer than a lock can last: a pause of the
 * whole process, GC, SIGSTOP, an overloaded machine). Used by the lane's thread only.
 */
final class PollClock {

  /**
   * After a stall, records fetched before it can still surface for a while (the client's network thread
   * catches up after the first poll): new records are handed back for this long after one.
   */
  private static final Duration STALL_SETTLE = Duration.ofSeconds(2);

  /** How late a poll may hand over a record that landed just as it timed out. */
  private final long landingNanos;
  private long lastReturnedAt = System.nanoTime();
  private long previousStartedAt = System.nanoTime();
  private boolean previousReturnedRecords;
  /** Since when the client may hold records out of sight (the lane held records); -1 for not. */
  private long busySince = -1;
  private long stallEndedAt = System.nanoTime() - STALL_SETTLE.toNanos();
  private long stallNanos;

  PollClock(Duration landing) {
    this.landingNanos = landing.toNanos();
  }

  /**
   * A poll starts. Returns the earliest a record it returns may have been locked for us. A poll hands
   * over what its client buffered as soon as it lands: a record is at most as old as the previous poll's
   * return (a little before it: that poll may have timed out just as it landed), or as that poll's start
   * when it returned records (more than it could hand over may have come). While the lane held records,
   * anything its client fetched stayed out of sight until they were settled: as old as that stretch.
   *
   * @param holding whether the lane holds records as it polls
   */
  long pollStarts(long startedAt, boolean holding) {
    long from = previousReturnedRecords ? previousStartedAt : lastReturnedAt - landingNanos;
    previousStartedAt = startedAt;
    if (holding) {
      if (busySince < 0) {
        busySince = from;
      }
    } else if (busySince >= 0) {
      from = Math.min(from, busySince);
      busySince = -1;
    }
    return from;
  }

  /**
   * A poll with {@code timeout} returned. From one poll's return to the next: a gap longer than two
   * thirds of a lock (beyond the poll's own wait) is a stall, which also catches a pause during the poll.
   */
  void pollReturned(long returnedAt, boolean gotRecords, Duration timeout, long lockNanos) {
    long gap = returnedAt - lastReturnedAt;
    lastReturnedAt = returnedAt;
    previousReturnedRecords = gotRecords;
    if (gap > lockNanos * 2 / 3 + timeout.toNanos()) {
      stallEndedAt = returnedAt;
      stallNanos = gap;
    }
  }

  /** Whether records returned at {@code returnedAt} must be handed back: a stall ended moments ago. */
  boolean settlingAfterStall(long returnedAt) {
    return returnedAt - stallEndedAt < STALL_SETTLE.toNanos();
  }

  /** How long the last stall lasted. */
  long stallNanos() {
    return stallNanos;
  }
}
