package io.switchboard.worker.kinds.llm;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentFactory;
import io.switchboard.worker.agent.AgentOutput;

/**
 * The {@code llm} kind's placeholder: this worker build has no chat-completions client yet, so
 * every task of an {@code llm} agent fails with {@code agent_error} saying so.
 */
public final class LlmAgentFactory implements AgentFactory {

  static final String UNAVAILABLE = "llm agents are not available in this worker build";

  @Override
  public String kind() {
    return AgentKind.Llm.NAME;
  }

  @Override
  public Agent create(AgentSpec spec) {
    return (task, context) -> AgentOutput.failed(ErrorCode.AGENT_ERROR, UNAVAILABLE);
  }
}
