package io.switchboard.client.sdk;

import io.switchboard.common.error.RetryableException;

/**
 * An SDK call waited its whole timeout ({@link Options#timeout()}) and the work was still running,
 * or the coordinator was still unreachable. Nothing was cancelled: the work goes on, and waiting
 * again (same {@code workflowId}, or {@link Switchboard#await} on the key) picks it up.
 */
public final class WaitTimeoutException extends RetryableException {

  private static final long serialVersionUID = 1L;

  private final String invocationId;

  /**
   * @param message what was still running
   * @param invocationId the invocation waited on
   * @param cause why the last attempt failed (the coordinator unreachable); may be null
   */
  public WaitTimeoutException(String message, String invocationId, Throwable cause) {
    super(message, cause);
    this.invocationId = invocationId;
  }

  /** The invocation that was still running. */
  public String invocationId() {
    return invocationId;
  }
}
