package io.switchboard.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard run}: submits an invocation, waits for it with a progress display
 * (re-attaching by itself while the coordinator restarts) and prints the outcome. Exit 0 when every
 * task succeeded, 1 when some failed or were cancelled, 2 when the request was refused, 3 when the
 * coordinator stayed unreachable.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Submit an invocation and wait for it, with progress on stderr.",
      "One --prompt is one target: one prompt runs as join single, several as join all."
    })
public class RunCommand extends ClientCommand {

  @Option(names = "--agent", required = true, paramLabel = "AGENT", description = "The agent.")
  String agent;

  @Option(
      names = "--prompt",
      paramLabel = "PROMPT",
      description = "A prompt; repeat for more targets.")
  List<String> prompts = new ArrayList<>();

  @Option(names = "--input", paramLabel = "JSON", description = "JSON input for every target.")
  String input;

  @Option(
      names = "--join",
      paramLabel = "JOIN",
      converter = JoinConverter.class,
      description = "single | all | detached (default: by the number of prompts).")
  Join join;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "Stable id; reruns replay.")
  String workflowId;

  @Option(names = "--max-parallel", paramLabel = "N", description = "At most N tasks at once.")
  Integer maxParallel;

  @Option(names = "--fail-fast", description = "With join all: the first failure cancels the rest.")
  boolean failFast;

  @Option(names = "--timeout-ms", paramLabel = "MS", description = "Time limit of each task.")
  Long timeoutMs;

  @Option(
      names = "--output-schema",
      paramLabel = "JSON",
      description = "JSON Schema the output must match.")
  String outputSchema;

  @Option(
      names = "--wait-timeout-ms",
      paramLabel = "MS",
      defaultValue = "3600000",
      description = "How long to wait for the result (default: ${DEFAULT-VALUE}).")
  long waitTimeoutMs;

  @Option(names = "--json", description = "Print the final InvocationResult as JSON.")
  boolean json;

  /** Whether progress is redrawn in place; null to ask the terminal. For tests. */
  Boolean terminal;

  @Override
  protected int execute(SwitchboardClient client) {
    Invocation invocation = invocation();
    ResultPrinter printer = new ResultPrinter(out(), err(), json);
    Submission submission = client.submit(invocation, Duration.ZERO);
    InvocationResult result = submission.result();
    if (result.join() == Join.DETACHED) {
      return printer.detached(result);
    }
    if (!result.status().isTerminal()) {
      boolean redraw = terminal == null ? Terminal.isInteractive() : terminal;
      ProgressReporter progress = new ProgressReporter(err(), redraw, System::nanoTime);
      try {
        result =
            client.awaitInvocation(
                result.invocationId(), Duration.ofMillis(waitTimeoutMs), progress);
      } finally {
        progress.finish();
      }
    }
    return result.status().isTerminal()
        ? printer.finished(result)
        : printer.stillRunning(result, waitTimeoutMs);
  }

  /** The invocation the options describe. */
  Invocation invocation() {
    if (prompts.isEmpty() && input == null) {
      throw new OptionProblem("--prompt", "give at least one --prompt (or an --input)");
    }
    JsonNode inputJson = json("--input", input);
    JsonNode schema = json("--output-schema", outputSchema);
    List<String> each = prompts.isEmpty() ? java.util.Collections.singletonList(null) : prompts;
    List<Target> targets = new ArrayList<>(each.size());
    for (String prompt : each) {
      targets.add(new Target(null, agent, null, prompt, inputJson, null, timeoutMs, schema, null));
    }
    return new Invocation(
        workflowId, join, targets, null, null, null, null, maxParallel, failFast ? true : null);
  }

  private static JsonNode json(String option, String text) {
    if (text == null) {
      return null;
    }
    return switch (JsonCodec.decode(text, JsonNode.class)) {
      case Decoded.Ok<JsonNode> ok -> ok.value();
      case Decoded.Invalid<JsonNode> invalid ->
          throw new OptionProblem(option, "not JSON: " + invalid.rejection().message());
    };
  }
}
