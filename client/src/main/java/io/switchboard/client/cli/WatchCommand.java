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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard watch KEY}: the live tree of a task and its descendants, with each one's status,
 * attempt, worker, children done and latest progress, redrawn in place at a terminal (else printed
 * again whenever it changes) until the task is finished; exit 0 when it succeeded, else 1. With
 * {@code --events}, the task's own events (status, progress, log, result) one line each instead.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Watch a task's live tree (or, with --events, its event stream) until its result.")
public class WatchCommand extends ClientCommand {

  @Parameters(
      index = "0",
      paramLabel = "KEY",
      description = "The task key: <invocationId>/<taskId>.")
  String key;

  @Option(names = "--events", description = "Print the task's own events, one line each, instead of the tree.")
  boolean events;

  @Option(
      names = "--interval-ms",
      paramLabel = "MS",
      defaultValue = "500",
      description = "How often the tree is read again (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Option(
      names = "--max-tasks",
      paramLabel = "N",
      defaultValue = "200",
      description = "At most N tasks of the tree are shown; the rest are counted (default: ${DEFAULT-VALUE}).")
  int maxTasks;

  @Override
  protected int execute(SwitchboardClient client) {
    TaskKey task = TaskKeys.parse(key);
    if (intervalMs < 10) {
      throw new OptionProblem("--interval-ms", "must be at least 10, got " + intervalMs);
    }
    if (maxTasks < 1) {
      throw new OptionProblem("--max-tasks", "must be at least 1, got " + maxTasks);
    }
    return events ? streamEvents(client, task) : new TreeWatch(client, out(), Terminal.isInteractive(), maxTasks,
        intervalMs).watch(task);
  }

  private int streamEvents(SwitchboardClient client, TaskKey task) {
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
