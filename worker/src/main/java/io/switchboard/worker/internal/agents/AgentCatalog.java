package io.switchboard.worker.internal.agents;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent kinds this worker can run, by kind name: the {@link AgentFactory} implementations found
 * with {@link ServiceLoader} (the built-in kinds are registered the same way as custom ones).
 */
public final class AgentCatalog {

  private static final Logger log = LoggerFactory.getLogger(AgentCatalog.class);

  /** What {@link #create} gives: the agent, or the error the task fails with. */
  public sealed interface Creation {
    /** An agent for the task. */
    record Created(Agent agent) implements Creation {}

    /** No agent: the task fails with {@code error}. */
    record Refused(TaskError error) implements Creation {}
  }

  private final Map<String, AgentFactory> factories;

  /** A catalog of {@code factories}; for two of one kind the first wins. */
  public AgentCatalog(List<AgentFactory> factories) {
    Map<String, AgentFactory> byKind = new LinkedHashMap<>();
    for (AgentFactory factory : factories) {
      AgentFactory earlier = byKind.putIfAbsent(Objects.requireNonNull(factory.kind(), "kind"), factory);
      if (earlier != null) {
        log.warn("two agent factories for kind '{}': {} and {}; using the first", factory.kind(),
            earlier.getClass().getName(), factory.getClass().getName());
      }
    }
    this.factories = Map.copyOf(byKind);
  }

  /** The factories on the class path of {@code loader}. */
  public static AgentCatalog load(ClassLoader loader) {
    List<AgentFactory> found = ServiceLoader.load(AgentFactory.class, loader).stream()
        .map(ServiceLoader.Provider::get).toList();
    AgentCatalog catalog = new AgentCatalog(found);
    log.info("agent kinds: {}", catalog.kinds());
    return catalog;
  }

  public Set<String> kinds() {
    return factories.keySet();
  }

  /** An agent for one task of {@code spec}, or why there is none. */
  public Creation create(AgentSpec spec) {
    String kind = spec.kind().kindName();
    AgentFactory factory = factories.get(kind);
    if (factory == null) {
      return new Creation.Refused(TaskError.of(ErrorCode.UNKNOWN_AGENT,
          "agent '" + spec.name() + "' is of kind '" + kind + "', which this worker cannot run; it runs "
              + factories.keySet().stream().sorted().toList()));
    }
    try {
      return new Creation.Created(Objects.requireNonNull(factory.create(spec), "the factory returned null"));
    } catch (RuntimeException e) {
      return new Creation.Refused(TaskError.of(ErrorCode.AGENT_ERROR,
          "cannot create agent '" + spec.name() + "': " + e.getMessage()));
    }
  }
}
