package io.switchboard.worker;

import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentFactory;
import io.switchboard.worker.agent.AgentOutput;
import java.util.Locale;

/** A custom kind for tests, registered through META-INF/services: the prompt in upper case plus a suffix. */
public final class UpperCaseAgentFactory implements AgentFactory {

  @Override
  public String kind() {
    return "upper";
  }

  @Override
  public Agent create(AgentSpec spec) {
    String suffix = ((AgentKind.Custom) spec.kind()).config().path("suffix").asText("");
    return (task, context) -> {
      context.progress("shouting", 1, 1);
      return AgentOutput.completed(task.prompt().toUpperCase(Locale.ROOT) + suffix);
    };
  }
}
