package io.switchboard.worker.kinds.http;

import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentFactory;

/** The built-in {@code http} kind: POSTs the task JSON to a URL (see {@link HttpAgent}). */
public final class HttpAgentFactory implements AgentFactory {

  @Override
  public String kind() {
    return AgentKind.Http.NAME;
  }

  @Override
  public Agent create(AgentSpec spec) {
    if (!(spec.kind() instanceof AgentKind.Http http)) {
      throw new IllegalArgumentException("not an http agent: " + spec.kind().kindName());
    }
    return new HttpAgent(http);
  }
}
