package io.switchboard.coordinator.dispatch;

import io.switchboard.common.model.Target;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.coordinator.state.TaskState;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.function.Function;

/**
 * Builds the record a worker runs: the target, the agent as resolved, the allowed tools, and a reference
 * to its context (never the context's entries).
 */
public final class EnvelopeFactory {

  private final Clock clock;
  private final Function<TaskState, JsonNode> contextReference;

  public EnvelopeFactory(Clock clock) {
    this(clock, task -> null);
  }

  /** {@code contextReference}: the task's context reference, null for an independent task. */
  public EnvelopeFactory(Clock clock, Function<TaskState, JsonNode> contextReference) {
    this.clock = clock;
    this.contextReference = contextReference;
  }

  public TaskEnvelope envelope(TaskState task) {
    Target target = task.target();
    Integer maxSteps = target.maxSteps() != null ? target.maxSteps() : task.agent().maxSteps();
    Long timeoutMs = target.timeoutMs() != null ? target.timeoutMs() : task.agent().timeoutMs();
    return new TaskEnvelope(task.key(), null, null, task.attempt(), task.agent(), target.prompt(), target.input(),
        target.description(), contextReference.apply(task), task.tools(), maxSteps, timeoutMs, null,
        target.outputSchema(), task.parent(), task.runner(), clock.instant());
  }
}
