package io.switchboard.client.cli;

import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard watch KEY}: prints a task's events (status, progress, log, result) as they
 * come, until its result; exit 0 when it succeeded, else 1. When the stream ends without a result,
 * the task's state is read once instead.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Stream a task's events until its result.")
public class WatchCommand extends ClientCommand {

  @Parameters(
      index = "0",
      paramLabel = "KEY",
      description = "The task key: <invocationId>/<taskId>.")
  String key;

  @Override
  protected int execute(SwitchboardClient client) {
    TaskKey task = TaskKeys.parse(key);
    EventPrinter printer = new EventPrinter(out());
    CompletableFuture<StepOutcome> result = new CompletableFuture<>();
    try (EventStream stream = client.events(task, event -> onEvent(event, printer, result))) {
      CompletableFuture.anyOf(result, stream.done()).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new FatalException("watching " + task + " failed", e.getCause());
    }
    Optional<StepOutcome> outcome =
        result.isDone() ? Optional.of(result.join()) : finalOutcome(client, task);
    return outcome.map(o -> o.success() ? ExitCodes.OK : ExitCodes.FAILED).orElse(ExitCodes.FAILED);
  }

  private static void onEvent(
      ServerSentEvent event, EventPrinter printer, CompletableFuture<StepOutcome> result) {
    printer.print(event);
    if ("result".equals(event.event())) {
      EventPrinter.outcome(event).ifPresent(result::complete);
    }
  }

  /** The outcome from the task's state, for a stream that ended without a result event. */
  private Optional<StepOutcome> finalOutcome(SwitchboardClient client, TaskKey task) {
    Optional<TaskSnapshot> snapshot = client.task(task);
    if (snapshot.isPresent() && snapshot.get().outcome() != null) {
      StepOutcome outcome = snapshot.get().outcome();
      out().println(String.format("%-9s %s", "result", EventPrinter.result(outcome)));
      return Optional.of(outcome);
    }
    err()
        .println(
            "the event stream ended; task "
                + task
                + " is "
                + snapshot.map(s -> s.status().wireName()).orElse("unknown"));
    return Optional.empty();
  }
}
