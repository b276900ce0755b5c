package io.switchboard.client;

import io.switchboard.common.error.FatalException;
import java.util.Objects;

/**
 * The coordinator answered with an error status ({@code 400}, {@code 401}, {@code 403}, {@code
 * 404}, {@code 409}, {@code 413}, {@code 422}, {@code 500}, ...): sending the same request again
 * will not help. The unavailable statuses {@code 502}, {@code 503} and {@code 504} are reported as
 * {@link CoordinatorUnreachableException} instead.
 */
public final class SwitchboardApiException extends FatalException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient ApiError error;

  /**
   * @param status the HTTP status of the answer
   * @param error the decoded error object
   */
  public SwitchboardApiException(int status, ApiError error) {
    super("HTTP " + status + ": " + Objects.requireNonNull(error, "error").describe());
    this.status = status;
    this.error = error;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** The decoded error object. */
  public ApiError error() {
    return error;
  }

  /** Shorthand for {@code error().code()}. */
  public String code() {
    return error.code();
  }

  /** Shorthand for {@code error().field()}; may be null. */
  public String field() {
    return error.field();
  }
}
