package io.switchboard.common.wire;

import io.switchboard.common.model.AgentSpec;
import java.util.List;
import java.util.Objects;

/**
 * How the coordinator resolved one agent for an invocation when it accepted it: the agent's spec as it
 * was then, the runner its tasks go to, and the tools they may use. Kept in the intent so that a
 * coordinator rebuilding from the topics dispatches exactly what was accepted, whatever the registry
 * says now.
 */
public record ResolvedAgent(AgentSpec spec, String runner, List<String> tools) {

  public ResolvedAgent {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(runner, "runner");
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
