package io.switchboard.worker.kinds.command;

import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentFactory;

/** The built-in {@code command} kind: a program started per task (see {@link CommandAgent}). */
public final class CommandAgentFactory implements AgentFactory {

  @Override
  public String kind() {
    return AgentKind.Command.NAME;
  }

  @Override
  public Agent create(AgentSpec spec) {
    if (!(spec.kind() instanceof AgentKind.Command command)) {
      throw new IllegalArgumentException("not a command agent: " + spec.kind().kindName());
    }
    return new CommandAgent(command);
  }
}
