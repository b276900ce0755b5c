package io.switchboard.client.internal;

import io.switchboard.client.ApiError;
import io.switchboard.client.AwaitListener;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.model.InvocationResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The wait behind {@link SwitchboardClient#awaitInvocation}: long polls of up to {@link #POLL}
 * until the invocation is no longer running, riding out coordinator outages with a backoff from
 * {@link #FIRST_BACKOFF} doubling to {@link #MAX_BACKOFF}. Time and sleeping are injected so the
 * loop can be tested without waiting.
 */
public final class AwaitLoop {

  /** The longest single long poll. */
  public static final Duration POLL = Duration.ofSeconds(1);

  /** The first pause after the coordinator could not be reached. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  /** The longest pause between reconnection attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /** The shortest time between two polls, in case a coordinator answers without waiting. */
  static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

  /** Sleeps; {@link Thread#sleep(long)} outside tests. */
  @FunctionalInterface
  public interface Sleeper {
    /** Pauses for {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;
  }

  private final SwitchboardClient client;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  /**
   * @param client the client whose {@link SwitchboardClient#invocation} is polled
   * @param nanoTime a monotonic clock in nanoseconds
   * @param sleeper how to pause between attempts
   */
  public AwaitLoop(SwitchboardClient client, LongSupplier nanoTime, Sleeper sleeper) {
    this.client = Objects.requireNonNull(client, "client");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** A loop on the system clock. */
  public static AwaitLoop system(SwitchboardClient client) {
    return new AwaitLoop(client, System::nanoTime, Thread::sleep);
  }

  /** Waits as {@link SwitchboardClient#awaitInvocation(String, Duration, AwaitListener)} says. */
  public InvocationResult await(String invocationId, Duration timeout, AwaitListener listener) {
    Objects.requireNonNull(invocationId, "invocationId");
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    long backoff = FIRST_BACKOFF.toMillis();
    boolean outage = false;
    while (true) {
      long started = nanoTime.getAsLong();
      long remaining = Math.max(0, (deadline - started) / 1_000_000);
      try {
        Optional<InvocationResult> answer =
            client.invocation(
                invocationId, Duration.ofMillis(Math.min(remaining, POLL.toMillis())));
        if (outage) {
          outage = false;
          backoff = FIRST_BACKOFF.toMillis();
          listener.reconnected();
        }
        InvocationResult result =
            answer.orElseThrow(
                () ->
                    new SwitchboardApiException(
                        404, ApiError.of("not_found", "no invocation '" + invocationId + "'")));
        listener.progress(result);
        if (result.status().isTerminal() || nanoTime.getAsLong() - deadline >= 0) {
          return result;
        }
        long elapsed = (nanoTime.getAsLong() - started) / 1_000_000;
        pause(Math.min(MIN_POLL_INTERVAL.toMillis() - elapsed, remaining), invocationId);
      } catch (CoordinatorUnreachableException e) {
        if (!outage) {
          outage = true;
          listener.reconnecting(e);
        }
        long left = (deadline - nanoTime.getAsLong()) / 1_000_000;
        if (left <= 0) {
          throw e;
        }
        pause(Math.min(backoff, left), invocationId);
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  private void pause(long millis, String invocationId) {
    if (millis <= 0) {
      return;
    }
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("interrupted while waiting for invocation " + invocationId, e);
    }
  }
}
