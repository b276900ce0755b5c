package io.switchboard.coordinator.runner;

/**
 * A runner's private config is invalid; {@code field} is the path within it (e.g. {@code maxWorkers}). The
 * registry reports it as {@code runners[i].config.<field>} of the runners file and the coordinator does
 * not start.
 */
public final class RunnerConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  public RunnerConfigException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** What is wrong with the field. */
  public String reason() {
    return reason;
  }

  /** The field within the runner's config. */
  public String field() {
    return field;
  }
}
