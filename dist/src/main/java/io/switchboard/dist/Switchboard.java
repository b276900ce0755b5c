package io.switchboard.dist;

import io.switchboard.bench.BenchCommand;
import io.switchboard.client.cli.ClientCommands;
import io.switchboard.common.config.ConfigException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bin/switchboard}: one launcher for every Switchboard process and the CLI. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0-SNAPSHOT",
    description = "Run AI-agent work across many machines on Apache Kafka.",
    subcommands = {DevCommand.class, KafkaCommand.class, CoordinatorCommand.class, WorkerCommand.class,
        BenchCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Switchboard {

  /**
   * The commands that start a long-running process. A command line naming one builds only that command:
   * picocli builds the model of every command it is given, reflectively and in a cold JVM, and the whole
   * tree (with the client's commands) cost a restarting coordinator another 50-100 ms before its start.
   */
  private static final List<Class<?>> PROCESSES =
      List.of(DevCommand.class, KafkaCommand.class, CoordinatorCommand.class, WorkerCommand.class);

  private Switchboard() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code (2 for a usage or configuration error). */
  public static int run(String... args) {
    Class<?> process = args.length == 0 ? null : PROCESSES.stream()
        .filter(command -> command.getAnnotation(Command.class).name().equals(args[0])).findFirst().orElse(null);
    CommandLine commandLine = ConfigOptions.withConfigOptions(process == null
        ? ClientCommands.register(new CommandLine(new Switchboard()))
        : new CommandLine(CommandSpec.create().name("switchboard")).addSubcommand(process));
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
