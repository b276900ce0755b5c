package io.switchboard.client.cli;

import java.util.List;
import picocli.CommandLine;

/** The client commands, to add to the {@code switchboard} root command. */
public final class ClientCommands {

  private ClientCommands() {}

  /** A new instance of each client command, in the order help should list them. */
  public static List<ClientCommand> all() {
    return List.of(
        new RunCommand(),
        new TasksCommand(),
        new CancelCommand(),
        new WatchCommand(),
        new AgentsCommand(),
        new WorkersCommand());
  }

  /** Adds every client command to {@code root} as a subcommand; returns {@code root}. */
  public static CommandLine register(CommandLine root) {
    for (ClientCommand command : all()) {
      root.addSubcommand(command);
    }
    return root;
  }
}
