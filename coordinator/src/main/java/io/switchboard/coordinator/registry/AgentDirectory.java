package io.switchboard.coordinator.registry;

import io.switchboard.common.model.AgentSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The registered agents by name: a view of the registry topic's {@code agent:<name>} records. */
public final class AgentDirectory {

  private final Map<String, AgentSpec> agents = new ConcurrentHashMap<>();

  public Optional<AgentSpec> find(String name) {
    return Optional.ofNullable(agents.get(name));
  }

  public List<AgentSpec> all() {
    return agents.values().stream().sorted(Comparator.comparing(AgentSpec::name)).toList();
  }

  public void put(AgentSpec spec) {
    agents.put(spec.name(), spec);
  }

  public void remove(String name) {
    agents.remove(name);
  }
}
