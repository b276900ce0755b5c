package io.switchboard.common.error;

/**
 * The one unchecked root of Switchboard's real failures (expected refusals are {@link Rejection}
 * values instead). Whether trying again can help is the type: {@link RetryableException} or {@link
 * FatalException}. Third-party exceptions are wrapped as the cause where they enter our code.
 */
public abstract sealed class SwitchboardException extends RuntimeException
    permits RetryableException, FatalException {

  protected SwitchboardException(String message) {
    super(message);
  }

  protected SwitchboardException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same operation may succeed when tried again. */
  public abstract boolean isRetryable();
}
