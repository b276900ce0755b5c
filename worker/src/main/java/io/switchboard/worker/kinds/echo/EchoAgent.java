package io.switchboard.worker.kinds.echo;

import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentContext;
import io.switchboard.worker.agent.AgentOutput;
import io.switchboard.worker.agent.AgentTask;

/**
 * Waits {@code delayMs} (interrupted by a cancellation), then returns the prompt; a task without a
 * prompt gets its input's JSON. For tests and benchmarks.
 */
final class EchoAgent implements Agent {

  private final long delayMs;

  EchoAgent(long delayMs) {
    this.delayMs = delayMs;
  }

  @Override
  public AgentOutput run(AgentTask task, AgentContext context) throws InterruptedException {
    if (delayMs > 0) {
      Thread.sleep(delayMs);
    }
    if (task.prompt() != null) {
      return AgentOutput.completed(task.prompt());
    }
    return AgentOutput.completed(task.input() == null ? "" : task.input().toString());
  }
}
