package io.switchboard.worker.agent;

import io.switchboard.common.model.AgentSpec;

/**
 * Makes the agents of one kind. Factories are found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.switchboard.worker.agent.AgentFactory} (the
 * built-in kinds {@code echo}, {@code command}, {@code http} and {@code llm} are registered the same
 * way). An implementation needs a public no-argument constructor and must be thread-safe.
 *
 * <p>A custom kind ({@code AgentKind.Custom}) is matched by its {@code kind} name; its settings
 * arrive as {@code ((AgentKind.Custom) spec.kind()).config()}.
 */
public interface AgentFactory {

  /** The kind this factory serves, as written in an agent's {@code "kind"}. */
  String kind();

  /**
   * An agent for one task of {@code spec} (the snapshot the coordinator dispatched). Called once
   * per task; throwing makes the task fail with {@code agent_error}.
   */
  Agent create(AgentSpec spec);
}
