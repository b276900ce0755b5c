package io.switchboard.client.sdk;

import io.switchboard.common.error.FatalException;

/**
 * {@link StepResult#structured(Class)} could not give the typed output: the step did not succeed,
 * had no output schema, or its JSON does not map to the class.
 */
public final class StructuredOutputException extends FatalException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what is missing or did not map
   * @param cause the mapping failure; null when there was nothing to map
   */
  public StructuredOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
