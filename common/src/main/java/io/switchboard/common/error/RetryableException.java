package io.switchboard.common.error;

/** A failure that may go away when the operation is tried again (a broker timeout, a lost lock). */
public non-sealed class RetryableException extends SwitchboardException {

  public RetryableException(String message) {
    super(message);
  }

  public RetryableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean isRetryable() {
    return true;
  }
}
