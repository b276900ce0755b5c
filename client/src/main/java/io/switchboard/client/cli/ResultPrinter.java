package io.switchboard.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.InvocationStatus;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskRef;
import java.io.PrintWriter;

/**
 * Prints what {@code run} ends with and decides its exit code: for {@code single} the output on
 * stdout (or {@code failed: <code>: <message>} on stderr); for {@code all} one line per outcome in
 * target order, {@code <taskId> succeeded|failed|cancelled <output or error>}; for {@code detached}
 * the invocation id and then each task key, one per line; with {@code --json} the InvocationResult
 * as JSON.
 */
final class ResultPrinter {

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  ResultPrinter(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Prints a detached invocation's id and task keys; exit 0. */
  int detached(InvocationResult result) {
    if (json) {
      printJson(result);
    } else {
      out.println(result.invocationId());
      for (TaskRef task : result.tasks()) {
        out.println(task.key());
      }
    }
    return ExitCodes.OK;
  }

  /** Prints a finished invocation; 0 when it succeeded, else 1. */
  int finished(InvocationResult result) {
    int exit = result.status() == InvocationStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    if (json) {
      printJson(result);
      return exit;
    }
    if (result.outcomes() == null || result.outcomes().isEmpty()) {
      err.println(
          "invocation "
              + result.invocationId()
              + " "
              + result.status().wireName()
              + " without outcomes");
      return exit;
    }
    switch (result.join()) {
      case SINGLE -> single(result.outcomes().get(0));
      case ALL, DETACHED -> {
        for (StepOutcome outcome : result.outcomes()) {
          out.println(
              outcome.taskId()
                  + "  "
                  + Outcomes.state(outcome).word()
                  + "  "
                  + Outcomes.oneLine(outcome));
        }
      }
    }
    return exit;
  }

  /** Reports an invocation still running when the wait timed out; exit 1. */
  int stillRunning(InvocationResult result, long waitedMs) {
    if (json) {
      printJson(result);
    }
    err.println(
        "error: invocation "
            + result.invocationId()
            + " still running after "
            + waitedMs
            + " ms (it goes on; see: switchboard tasks)");
    return ExitCodes.FAILED;
  }

  private void single(StepOutcome outcome) {
    if (outcome.success()) {
      out.println(Outcomes.output(outcome));
    } else {
      err.println(Outcomes.state(outcome).word() + ": " + Outcomes.error(outcome));
    }
  }

  private void printJson(InvocationResult result) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    } catch (JsonProcessingException e) {
      throw new FatalException("cannot print the result as JSON", e);
    }
  }
}
