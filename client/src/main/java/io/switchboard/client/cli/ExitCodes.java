package io.switchboard.client.cli;

/** The exit codes every client command uses. */
public final class ExitCodes {

  /** Everything succeeded. */
  public static final int OK = 0;

  /**
   * Some task failed or was cancelled, the thing asked about was not there (404), or the
   * coordinator failed (5xx other than unavailable).
   */
  public static final int FAILED = 1;

  /** The request was refused (400/401/403/409/413/422) or an option was invalid. */
  public static final int REFUSED = 2;

  /** The coordinator could not be reached (past the wait timeout, for {@code run}). */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
