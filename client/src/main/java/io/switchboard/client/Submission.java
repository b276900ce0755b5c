package io.switchboard.client;

import io.switchboard.common.model.InvocationResult;
import java.util.Objects;

/**
 * The coordinator's answer to a submit.
 *
 * @param status {@code 200} when the join finished within the wait, {@code 202} when it is still
 *     running (always for {@code detached})
 * @param result the invocation's result; {@code status: running} and no outcomes for a 202
 */
public record Submission(int status, InvocationResult result) {

  public Submission {
    Objects.requireNonNull(result, "result");
  }

  /** Whether the join finished within the wait (the answer was 200). */
  public boolean finished() {
    return result.status().isTerminal();
  }

  /** The invocation's id, to read or wait on it later. */
  public String invocationId() {
    return result.invocationId();
  }
}
