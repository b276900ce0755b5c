package io.switchboard.worker.kinds.command;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.model.AgentKind;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentContext;
import io.switchboard.worker.agent.AgentOutput;
import io.switchboard.worker.agent.AgentTask;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Runs a program per task, as api.md ("Agents", {@code command}) says: started in {@code workdir}
 * (null: the worker's directory) with the agent's extra environment plus {@code SWITCHBOARD_TASK_KEY},
 * {@code SWITCHBOARD_ATTEMPT}, {@code SWITCHBOARD_TOOLS} (comma-separated) and {@code SWITCHBOARD_URL}
 * (when the worker knows the coordinator); the task as one JSON object on stdin, then stdin closed;
 * the whole stdout is the output (at most {@link #MAX_OUTPUT} bytes); each stderr line is a log event.
 * Exit 0 succeeds, 75 fails {@code transient} (retryable), anything else fails {@code agent_error} with
 * the tail of stderr. Cancellation or a timeout kills the whole process tree.
 */
final class CommandAgent implements Agent {

  /** The most stdout kept; more fails the task (a result must fit in a Kafka record anyway). */
  static final int MAX_OUTPUT = 8 * 1024 * 1024;

  /** The exit status of a retryable failure (EX_TEMPFAIL). */
  static final int EXIT_TRANSIENT = 75;

  private static final long DRAIN_MS = 2_000;

  private final AgentKind.Command command;

  CommandAgent(AgentKind.Command command) {
    this.command = command;
  }

  @Override
  public AgentOutput run(AgentTask task, AgentContext context) throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(ProcessTree.wrap(command.command()));
    if (command.workdir() != null) {
      builder.directory(new File(command.workdir()));
    }
    environment(builder.environment(), task, context);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return AgentOutput.failed(ErrorCode.AGENT_ERROR,
          "cannot start " + command.command().get(0) + ": " + e.getMessage());
    }
    ProcessTree tree = ProcessTree.of(process);
    context.onCancel(tree::kill);

    BoundedCapture stdout = new BoundedCapture(MAX_OUTPUT, tree::kill);
    StderrPump stderr = new StderrPump(line -> context.log("stderr", line));
    String name = "sb-command-" + process.pid();
    Thread.ofVirtual().name(name + "-stdin").start(() -> writeTask(process.getOutputStream(), task));
    Thread out = Thread.ofVirtual().name(name + "-stdout").start(() -> stdout.readFrom(process.getInputStream()));
    Thread err = Thread.ofVirtual().name(name + "-stderr").start(() -> stderr.readFrom(process.getErrorStream()));

    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      tree.kill(); // cancelled or timed out: the worker reports which
      throw e;
    }
    tree.killLeftovers();
    out.join(DRAIN_MS);
    err.join(DRAIN_MS);

    if (stdout.overflowed()) {
      return AgentOutput.failed(ErrorCode.AGENT_ERROR, "output too large: more than " + MAX_OUTPUT + " bytes on stdout");
    }
    if (exit == 0) {
      return AgentOutput.completed(stdout.text());
    }
    String tail = stderr.tail();
    if (exit == EXIT_TRANSIENT) {
      return AgentOutput.failed(ErrorCode.TRANSIENT, tail.isEmpty() ? "exit " + exit : tail);
    }
    return AgentOutput.failed(ErrorCode.AGENT_ERROR, "exit " + exit + ": " + tail);
  }

  private void environment(Map<String, String> env, AgentTask task, AgentContext context) {
    env.putAll(command.env());
    env.put("SWITCHBOARD_TASK_KEY", task.key().toString());
    env.put("SWITCHBOARD_ATTEMPT", Integer.toString(task.attempt()));
    env.put("SWITCHBOARD_TOOLS", String.join(",", task.tools()));
    context.coordinatorUrl().ifPresentOrElse(url -> env.put("SWITCHBOARD_URL", url),
        () -> env.remove("SWITCHBOARD_URL"));
  }

  /** Writes the task JSON and closes stdin; a program that does not read it may close it first. */
  private static void writeTask(OutputStream stdin, AgentTask task) {
    try (stdin) {
      stdin.write(task.toJsonBytes());
      stdin.write('\n');
    } catch (IOException e) {
      // broken pipe: the program exited or closed stdin without reading the task
    }
  }
}
