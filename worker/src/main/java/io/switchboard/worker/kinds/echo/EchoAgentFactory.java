package io.switchboard.worker.kinds.echo;

import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentFactory;

/** The built-in {@code echo} kind: output = the prompt, after {@code delayMs}. */
public final class EchoAgentFactory implements AgentFactory {

  @Override
  public String kind() {
    return AgentKind.Echo.NAME;
  }

  @Override
  public Agent create(AgentSpec spec) {
    if (!(spec.kind() instanceof AgentKind.Echo echo)) {
      throw new IllegalArgumentException("not an echo agent: " + spec.kind().kindName());
    }
    return new EchoAgent(echo.delayMs());
  }
}
