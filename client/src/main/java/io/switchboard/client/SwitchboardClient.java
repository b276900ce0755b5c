package io.switchboard.client;

import io.switchboard.client.internal.AwaitLoop;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.WorkerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The coordinator's HTTP API (api.md) as Java calls. {@link HttpSwitchboardClient} talks to a
 * coordinator; {@link io.switchboard.client.testing.FakeSwitchboardClient} runs everything in
 * memory for tests.
 *
 * <p>Every call may throw {@link SwitchboardApiException} (the coordinator refused: its status and
 * error object) or {@link CoordinatorUnreachableException} (no answer, or 502/503/504: retryable).
 * Answers that are expected outcomes rather than failures are values: an unknown invocation or task
 * is an empty {@link Optional}, a cancel is a {@link CancelResult}.
 */
public interface SwitchboardClient extends AutoCloseable {

  /**
   * {@code POST /v1/invocations?waitMs=}: submits an invocation and waits up to {@code wait} for a
   * {@code single} or {@code all} join to finish ({@link Duration#ZERO}: answer at once).
   *
   * @return 200 with the final result, or 202 with a running one
   */
  Submission submit(Invocation invocation, Duration wait);

  /**
   * {@code GET /v1/invocations/{id}?waitMs=}: the invocation's result, waiting up to {@code wait}
   * for it to finish; empty when the coordinator knows no such invocation.
   */
  Optional<InvocationResult> invocation(String invocationId, Duration wait);

  /** {@code GET /v1/tasks/{invocationId}/{taskId}}: the task's state; empty when unknown. */
  Optional<TaskSnapshot> task(TaskKey key);

  /** {@code GET /v1/tasks?...}: one page of tasks; follow {@link TaskPage#next()} for more. */
  TaskPage tasks(TaskQuery query);

  /**
   * {@code POST /v1/tasks/{invocationId}/{taskId}/cancel}: cancels the task and its descendants.
   */
  CancelResult cancel(TaskKey key);

  /** {@code GET /v1/agents}: the registered agents. */
  List<AgentSpec> agents();

  /** {@code GET /v1/agents/{name}}: one agent; empty when none has that name. */
  Optional<AgentSpec> agent(String name);

  /**
   * {@code PUT /v1/agents/{name}}: registers or replaces an agent ({@code command} agents need an
   * admin token).
   *
   * @return the agent as the coordinator stored it
   */
  AgentSpec putAgent(AgentSpec spec);

  /** {@code GET /v1/workers}: the live workers. */
  List<WorkerInfo> workers();

  /**
   * {@code GET /v1/tasks/{invocationId}/{taskId}/events}: opens the task's event stream and
   * delivers each event to {@code onEvent}, on the stream's thread, until the stream ends or the
   * returned handle is closed. Returns once the stream is open; an unknown task throws {@link
   * SwitchboardApiException} (404) here.
   */
  EventStream events(TaskKey key, Consumer<ServerSentEvent> onEvent);

  /**
   * Waits until the invocation is no longer running, polling {@link #invocation} with up to one
   * second per call, and reports each answer to {@code onProgress}.
   *
   * @see #awaitInvocation(String, Duration, AwaitListener)
   */
  default InvocationResult awaitInvocation(
      String invocationId, Duration timeout, Consumer<InvocationResult> onProgress) {
    return awaitInvocation(invocationId, timeout, AwaitListener.of(onProgress));
  }

  /**
   * Waits until the invocation is no longer running, polling {@link #invocation} with up to one
   * second per call. While the coordinator is unreachable (it may be restarting) the wait keeps
   * retrying with a capped backoff (250 ms doubling to 2 s), tells {@code listener} once per
   * outage, and re-attaches by itself when the coordinator answers again.
   *
   * @return the final result; or the latest running result when {@code timeout} passed while the
   *     coordinator was answering
   * @throws CoordinatorUnreachableException when the coordinator was still unreachable at the
   *     timeout
   * @throws SwitchboardApiException when the coordinator does not know the invocation (404) or
   *     refuses the read
   */
  default InvocationResult awaitInvocation(
      String invocationId, Duration timeout, AwaitListener listener) {
    return AwaitLoop.system(this).await(invocationId, timeout, listener);
  }

  /** Releases the client's resources. The default does nothing. */
  @Override
  default void close() {}
}
