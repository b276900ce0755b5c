package io.switchboard.common.error;

/** A failure that trying again will not fix (a bug, a broken invariant, bad configuration). */
public non-sealed class FatalException extends SwitchboardException {

  public FatalException(String message) {
    super(message);
  }

  public FatalException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean isRetryable() {
    return false;
  }
}
