package io.switchboard.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs one command as the CLI would and keeps its exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {

  static CliRun of(Object command, String... args) {
    return of(new CommandLine(command), args);
  }

  static CliRun of(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        commandLine
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** {@code run} with progress written as lines, not redrawn. */
  static CliRun run(String... args) {
    RunCommand command = new RunCommand();
    command.terminal = false;
    return of(command, args);
  }
}
