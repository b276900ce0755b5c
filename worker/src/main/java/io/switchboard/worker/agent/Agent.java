package io.switchboard.worker.agent;

/**
 * Runs one task. An agent instance is made per task by its {@link AgentFactory} and called once, on
 * its own (virtual) thread.
 *
 * <p><b>Failures are values:</b> return {@link AgentOutput.Failed} with a {@code TaskError} for a
 * failure the agent understands (a non-zero exit, an HTTP 503...). An exception thrown from {@link
 * #run} is unexpected: the task fails with {@code agent_error} and the exception's message.
 *
 * <p><b>Cancellation:</b> when the task is cancelled, times out or the worker stops, the worker
 * runs the actions registered with {@link AgentContext#onCancel} (kill a process, abort a request)
 * and interrupts the thread that called {@code run}. The agent should then return promptly; what
 * it returns after a cancellation is ignored, because the worker reports the cancellation itself.
 */
@FunctionalInterface
public interface Agent {

  /**
   * Runs {@code task} and returns its output or its failure.
   *
   * @throws Exception anything unexpected; the task fails with {@code agent_error}
   */
  AgentOutput run(AgentTask task, AgentContext context) throws Exception;
}
