package io.switchboard.client.sdk;

import io.switchboard.client.AwaitListener;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Submits invocations and waits for them on behalf of the SDK. Every invocation it submits has an
 * id ({@code workflowId}), generated when the caller gave none, so a submit whose answer was lost
 * (the coordinator restarting) is simply sent again: the coordinator attaches it to the first.
 */
final class InvocationRunner {

  /** The longest single submit long-poll; waiting goes on with {@code awaitInvocation}. */
  static final Duration SUBMIT_WAIT = Duration.ofSeconds(20);

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SwitchboardClient client;

  InvocationRunner(SwitchboardClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** A fresh id, sortable by time like the coordinator's own: {@code inv-<ms hex>-<random>}. */
  static String newId() {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String suffix = HexFormat.of().formatHex(random);
    return String.format("inv-%013x-%s", System.currentTimeMillis(), suffix);
  }

  /** The same invocation with an id: its own {@code workflowId}, or a fresh one. */
  static Invocation withId(Invocation invocation) {
    if (invocation.workflowId() != null) {
      return invocation;
    }
    return new Invocation(newId(), invocation.join(), invocation.targets(), invocation.context(),
        invocation.executor(), invocation.tools(), invocation.parentTaskId(),
        invocation.maxParallel(), invocation.failFast());
  }

  /**
   * Submits {@code invocation} (which has an id) and waits until its join is done, through
   * coordinator outages, for at most {@code timeout}.
   */
  InvocationResult run(Invocation invocation, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Submission answer = submit(invocation, deadline);
    if (answer.finished()) {
      return answer.result();
    }
    String id = answer.invocationId();
    try {
      InvocationResult result =
          client.awaitInvocation(id, remaining(deadline), AwaitListener.of(r -> {}));
      if (result.status().isTerminal()) {
        return result;
      }
      throw new WaitTimeoutException(
          "invocation " + id + " still running after " + timeout, id, null);
    } catch (CoordinatorUnreachableException e) {
      throw new WaitTimeoutException("the coordinator was still unreachable after " + timeout
          + " waiting for invocation " + id, id, e);
    }
  }

  /**
   * Submits {@code invocation} (which has an id), waiting up to {@link #SUBMIT_WAIT} for its join,
   * sending it again while the coordinator cannot be reached, until {@code deadline}.
   */
  Submission submit(Invocation invocation, long deadline) {
    long backoff = FIRST_BACKOFF.toMillis();
    while (true) {
      Duration wait = min(SUBMIT_WAIT, remaining(deadline));
      try {
        return client.submit(invocation, wait);
      } catch (CoordinatorUnreachableException e) {
        long left = remaining(deadline).toMillis();
        if (left <= 0) {
          throw new WaitTimeoutException("the coordinator was unreachable until the timeout;"
              + " invocation " + invocation.workflowId() + " may or may not have been accepted",
              invocation.workflowId(), e);
        }
        sleep(Math.min(backoff, left));
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("interrupted while waiting for the coordinator", e);
    }
  }
}
