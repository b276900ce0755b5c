package io.switchboard.client;

import io.switchboard.common.error.RetryableException;

/**
 * The coordinator could not be reached (connection refused or lost, timed out) or answered that it
 * is unavailable ({@code 502}/{@code 503}/{@code 504}, e.g. while recovering). Retryable: it may be
 * restarting.
 *
 * <p>{@link #mayHaveTakenEffect()} tells whether a non-idempotent request (a submit without a
 * {@code workflowId}) might still have been accepted: false when the connection was never made or
 * the coordinator refused the request, true when the connection broke after the request was sent.
 */
public final class CoordinatorUnreachableException extends RetryableException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean mayHaveTakenEffect;

  /**
   * @param message what failed, naming the coordinator's address
   * @param cause the underlying I/O failure; null for an unavailable answer
   * @param status the HTTP status of an unavailable answer; 0 when there was no answer
   * @param mayHaveTakenEffect whether the request may have been processed nonetheless
   */
  public CoordinatorUnreachableException(
      String message, Throwable cause, int status, boolean mayHaveTakenEffect) {
    super(message, cause);
    this.status = status;
    this.mayHaveTakenEffect = mayHaveTakenEffect;
  }

  /** The HTTP status of an unavailable answer ({@code 503}...); 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Whether the request may have been processed although no answer arrived. */
  public boolean mayHaveTakenEffect() {
    return mayHaveTakenEffect;
  }
}
