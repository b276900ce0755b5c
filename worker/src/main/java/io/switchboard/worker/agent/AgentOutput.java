package io.switchboard.worker.agent;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import java.util.Objects;

/** What an agent returns: its output text, or why it failed. */
public sealed interface AgentOutput {

  /**
   * The agent finished; {@code output} becomes the task's output (and is validated against the
   * task's output schema, when it has one).
   */
  record Completed(String output) implements AgentOutput {
    public Completed {
      output = output == null ? "" : output;
    }
  }

  /** The agent failed; {@code error.code().isRetryable()} tells the supervisor whether to retry. */
  record Failed(TaskError error) implements AgentOutput {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The agent finished with {@code output}. */
  static AgentOutput completed(String output) {
    return new Completed(output);
  }

  /** The agent failed with {@code code} and {@code message}. */
  static AgentOutput failed(ErrorCode code, String message) {
    return new Failed(TaskError.of(code, message));
  }
}
