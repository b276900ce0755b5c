package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.switchboard.common.json.WireEnums;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered agent: its kind plus the settings every agent shares.
 *
 * <p>On the wire it is one flat object, as api.md shows: {@code {"name": "general", "kind":
 * "command", "command": [...], "env": {}, "workdir": null, "runtimes": [...], ...}}; {@code kind}
 * decides which extra fields are allowed (see {@link AgentKind}). Defaults: runtimes {@code
 * [remote]}, runner {@code default}, no tools.
 *
 * @param name the agent's registered name
 * @param kind what the agent is and how it runs
 * @param runtimes where it may run
 * @param runner the remote pool that serves it
 * @param tools the tools it may use (and hand down to children)
 * @param maxSteps the default step limit of its tasks; null for none
 * @param timeoutMs the default time limit of its tasks; null for none
 * @param concurrency at most this many of its tasks per worker; null for the worker's limit
 * @param supervisor what happens when one of its tasks fails; null for the defaults
 */
@JsonSerialize(using = AgentSpecSerializer.class)
@JsonDeserialize(using = AgentSpecDeserializer.class)
public record AgentSpec(
    String name,
    AgentKind kind,
    List<Runtime> runtimes,
    String runner,
    List<String> tools,
    Integer maxSteps,
    Long timeoutMs,
    Integer concurrency,
    SupervisorPolicy supervisor) {

  public static final String DEFAULT_RUNNER = "default";

  /** Where an agent's tasks may run: in the coordinator, or on a remote worker pool. */
  public enum Runtime {
    LOCAL,
    REMOTE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stable name on the wire. */
    @JsonValue
    public String wireName() {
      return wireName;
    }

    /** The runtime called {@code wireName} on the wire, if there is one. */
    public static Optional<Runtime> fromWire(String wireName) {
      return WireEnums.byWireName(values(), Runtime::wireName, wireName);
    }
  }

  public AgentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    runtimes = runtimes == null ? List.of(Runtime.REMOTE) : List.copyOf(runtimes);
    runner = runner == null ? DEFAULT_RUNNER : runner;
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** An agent of {@code kind} with every shared setting at its default. */
  public static AgentSpec of(String name, AgentKind kind) {
    return new AgentSpec(name, kind, null, null, null, null, null, null, null);
  }

  /** Whether the agent may run on {@code runtime}. */
  public boolean allows(Runtime runtime) {
    return runtimes.contains(runtime);
  }

  /** The supervisor policy in force: the agent's, or the defaults. */
  public SupervisorPolicy supervisorOrDefault() {
    return supervisor == null ? SupervisorPolicy.defaults() : supervisor;
  }
}
