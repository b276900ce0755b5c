package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * Where a task runs, once resolved: in the coordinator ({@code {"type": "local"}}) or on a remote
 * runner's worker pool ({@code {"type": "remote", "runner": "default"}}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Executor.Local.class, name = "local"),
  @JsonSubTypes.Type(value = Executor.Remote.class, name = "remote")
})
public sealed interface Executor {

  /** The coordinator runs the agent in-process through the same agent SPI, still journaled. */
  record Local() implements Executor {}

  /** A worker serving {@code runner} takes the task from that runner's topic. */
  record Remote(String runner) implements Executor {
    public Remote {
      Objects.requireNonNull(runner, "runner");
      if (runner.isBlank()) {
        throw new IllegalArgumentException("runner must not be blank");
      }
    }
  }

  /** The in-process executor. */
  static Executor local() {
    return new Local();
  }

  /** The executor for a remote runner's pool. */
  static Executor remote(String runner) {
    return new Remote(runner);
  }

  /** The runtime this executor stands for, as shown in a task snapshot. */
  default AgentSpec.Runtime runtime() {
    return switch (this) {
      case Local local -> AgentSpec.Runtime.LOCAL;
      case Remote remote -> AgentSpec.Runtime.REMOTE;
    };
  }
}
