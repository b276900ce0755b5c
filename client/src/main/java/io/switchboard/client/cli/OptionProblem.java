package io.switchboard.client.cli;

/**
 * An option's value is unusable (bad JSON, an unknown status): reported as {@code error:
 * invalid_value at <option>: <message>} with exit code {@link ExitCodes#REFUSED}.
 */
final class OptionProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String option;

  OptionProblem(String option, String message) {
    super(message);
    this.option = option;
  }

  String option() {
    return option;
  }
}
