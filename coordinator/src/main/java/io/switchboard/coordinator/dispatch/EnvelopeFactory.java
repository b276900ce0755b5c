package io.switchboard.coordinator.dispatch;

import io.switchboard.common.model.Target;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.coordinator.state.TaskState;
import java.time.Clock;

/** Builds the record a worker runs: the target, the agent as resolved, and the allowed tools. */
public final class EnvelopeFactory {

  private final Clock clock;

  public EnvelopeFactory(Clock clock) {
    this.clock = clock;
  }

  public TaskEnvelope envelope(TaskState task) {
    Target target = task.target();
    Integer maxSteps = target.maxSteps() != null ? target.maxSteps() : task.agent().maxSteps();
    Long timeoutMs = target.timeoutMs() != null ? target.timeoutMs() : task.agent().timeoutMs();
    return new TaskEnvelope(task.key(), null, null, task.attempt(), task.agent(), target.prompt(), target.input(),
        target.description(), null, task.tools(), maxSteps, timeoutMs, null, target.outputSchema(), task.parent(),
        task.runner(), clock.instant());
  }
}
