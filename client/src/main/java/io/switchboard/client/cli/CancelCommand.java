package io.switchboard.client.cli;

import io.switchboard.client.CancelResult;
import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard cancel KEY}: cancels a task and its descendants. Exit 0 when cancelling, 1
 * when it had already finished or is unknown.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a task and all its descendants.")
public class CancelCommand extends ClientCommand {

  @Parameters(
      index = "0",
      paramLabel = "KEY",
      description = "The task key: <invocationId>/<taskId>.")
  String key;

  @Override
  protected int execute(SwitchboardClient client) {
    return switch (client.cancel(TaskKeys.parse(key))) {
      case CancelResult.Cancelling cancelling -> {
        int count = cancelling.cancelled().size();
        out().println("cancelling " + key + " (" + count + (count == 1 ? " task)" : " tasks)"));
        yield ExitCodes.OK;
      }
      case CancelResult.AlreadyFinished finished -> {
        err()
            .println(
                key
                    + " already finished"
                    + (finished.message() == null ? "" : ": " + finished.message()));
        yield ExitCodes.FAILED;
      }
      case CancelResult.NotFound notFound -> {
        err().println("error: not_found: no task " + key);
        yield ExitCodes.FAILED;
      }
    };
  }
}
