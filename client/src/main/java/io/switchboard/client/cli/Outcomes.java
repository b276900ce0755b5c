package io.switchboard.client.cli;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.StepOutcome;

/**
 * How the CLI words an outcome: {@code succeeded} with its output, or the error code and message.
 */
final class Outcomes {

  /** The three ways a task ends, as printed. */
  enum State {
    SUCCEEDED,
    FAILED,
    CANCELLED;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private Outcomes() {}

  static State state(StepOutcome outcome) {
    if (outcome.success()) {
      return State.SUCCEEDED;
    }
    return outcome.error().code() == ErrorCode.CANCELLED ? State.CANCELLED : State.FAILED;
  }

  /** The output text; the structured JSON when there is no text. */
  static String output(StepOutcome outcome) {
    if (outcome.output() != null) {
      return outcome.output();
    }
    return outcome.structured() == null ? "" : JsonCodec.encodeString(outcome.structured());
  }

  /** {@code <code>: <message>}. */
  static String error(StepOutcome outcome) {
    String message = outcome.error().message();
    return outcome.error().code().wireName()
        + (message == null || message.isEmpty() ? "" : ": " + message);
  }

  /** The output or the error, on one line (line breaks shown as {@code \n}). */
  static String oneLine(StepOutcome outcome) {
    String text = outcome.success() ? output(outcome) : error(outcome);
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
  }
}
