package io.switchboard.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.WorkerInfo;
import java.util.Objects;

/**
 * An entry of the compacted {@code <p>.registry} topic, tagged by {@code "type"}: an agent's
 * current spec, or a worker's latest heartbeat. {@link #recordKey()} is its Kafka key, so
 * compaction keeps the latest per agent and per worker.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RegistryRecord.AgentRegistered.class, name = "agent_registered"),
  @JsonSubTypes.Type(value = RegistryRecord.WorkerHeartbeat.class, name = "worker_heartbeat")
})
public sealed interface RegistryRecord {

  /** The Kafka key: {@code agent:<name>} or {@code worker:<id>}. */
  default String recordKey() {
    return switch (this) {
      case AgentRegistered registered -> "agent:" + registered.spec().name();
      case WorkerHeartbeat heartbeat -> "worker:" + heartbeat.info().id();
    };
  }

  /** An agent was registered or replaced; runnable at once by every worker of its runner. */
  record AgentRegistered(AgentSpec spec) implements RegistryRecord {
    public AgentRegistered {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /** A worker is alive, with what it serves and how busy it is. */
  record WorkerHeartbeat(WorkerInfo info) implements RegistryRecord {
    public WorkerHeartbeat {
      Objects.requireNonNull(info, "info");
    }
  }
}
