package io.switchboard.client.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.model.AgentSpec;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code switchboard agents}: a table of the registered agents; {@code agents put FILE} adds some.
 */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = "List the registered agents.",
    subcommands = AgentsPutCommand.class)
public class AgentsCommand extends ClientCommand {

  @Override
  protected int execute(SwitchboardClient client) {
    Table table = new Table("NAME", "KIND", "RUNNER", "RUNTIMES", "TOOLS");
    for (AgentSpec agent : client.agents()) {
      table.row(
          agent.name(),
          agent.kind().kindName(),
          agent.runner(),
          agent.runtimes().stream()
              .map(AgentSpec.Runtime::wireName)
              .collect(Collectors.joining(",")),
          String.join(",", agent.tools()));
    }
    table.print(out());
    return ExitCodes.OK;
  }
}
