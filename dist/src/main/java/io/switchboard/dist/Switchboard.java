package io.switchboard.dist;

import io.switchboard.bench.BenchCommand;
import io.switchboard.client.cli.ClientCommands;
import io.switchboard.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/switchboard}: one launcher for every Switchboard process and the CLI. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0-SNAPSHOT",
    description = "Run AI-agent work across many machines on Apache Kafka.",
    subcommands = {DevCommand.class, KafkaCommand.class, CoordinatorCommand.class, WorkerCommand.class,
        BenchCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Switchboard {

  private Switchboard() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code (2 for a usage or configuration error). */
  public static int run(String... args) {
    CommandLine commandLine = ConfigOptions.withConfigOptions(
        ClientCommands.register(new CommandLine(new Switchboard())));
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
      if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
        cl.getErr().println("switchboard: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return commandLine.execute(args);
  }
}
