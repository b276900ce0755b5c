package io.switchboard.coordinator.state;

import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Executor;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.executor.ExecutorRoutes;
import java.time.Instant;
import java.util.List;

/**
 * One task as the coordinator tracks it. Changed only by the engine thread; other threads read the
 * immutable {@link #snapshot()}, republished after every change.
 */
public final class TaskState {

  private final TaskKey key;
  private final int index;
  private final Target target;
  private final AgentSpec agent;
  private final String runner;
  private final List<String> tools;
  private final TaskKey parent;
  private final Instant createdAt;

  private TaskStatus status = TaskStatus.QUEUED;
  private int attempt = 1;
  private boolean dispatched;
  private boolean holdsSlot;
  private boolean retryPending;
  private boolean cancelRequested;
  private Instant lastSeen;
  private int depth;
  private String worker;
  private Instant startedAt;
  private Instant finishedAt;
  private TaskResult result;
  private boolean replayed;
  private volatile TaskSnapshot snapshot;

  public TaskState(TaskKey key, int index, Target target, AgentSpec agent, String runner, List<String> tools,
      TaskKey parent, Instant createdAt) {
    this.key = key;
    this.index = index;
    this.target = target;
    this.agent = agent;
    this.runner = runner;
    this.tools = List.copyOf(tools);
    this.parent = parent;
    this.createdAt = createdAt;
    publish(List.of());
  }

  public TaskKey key() {
    return key;
  }

  public int index() {
    return index;
  }

  public Target target() {
    return target;
  }

  public AgentSpec agent() {
    return agent;
  }

  /** The task topic its envelopes go to: a remote runner, or the local executor's route. */
  public String runner() {
    return runner;
  }

  /** Where it runs, as resolved when its invocation was accepted. */
  public Executor executor() {
    return ExecutorRoutes.executorOf(runner);
  }

  /** The tools this task may use, already narrowed by its parent and its policy. */
  public List<String> tools() {
    return tools;
  }

  public TaskKey parent() {
    return parent;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public TaskStatus status() {
    return status;
  }

  public int attempt() {
    return attempt;
  }

  /** The current attempt's envelope was sent to its task topic. */
  public boolean dispatched() {
    return dispatched;
  }

  /** The task counts against its invocation's {@code maxParallel} window (sent, or waiting to be retried). */
  public boolean holdsSlot() {
    return holdsSlot;
  }

  /** A failed attempt will be retried; the next attempt is not sent yet. */
  public boolean retryPending() {
    return retryPending;
  }

  /** When a worker last showed this task alive (started or heartbeat), or null. */
  public Instant lastSeen() {
    return lastSeen;
  }

  /** 0 for a top-level task, its parent's depth + 1 for a child. */
  public int depth() {
    return depth;
  }

  void depth(int value) {
    depth = value;
  }

  /** The supervisor policy: the target's own, else its agent's, else the default. */
  public io.switchboard.common.model.SupervisorPolicy policy() {
    return target.supervisor() != null ? target.supervisor() : agent.supervisorOrDefault();
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  public TaskResult result() {
    return result;
  }

  public boolean isTerminal() {
    return status.isTerminal();
  }

  /** The last published snapshot; safe to read from any thread. */
  public TaskSnapshot snapshot() {
    return snapshot;
  }

  /** @return true when the task took a window slot now (it did not hold one). */
  boolean markDispatched() {
    dispatched = true;
    retryPending = false;
    boolean tookSlot = !holdsSlot;
    holdsSlot = true;
    return tookSlot;
  }

  void markUndispatched() {
    dispatched = false;
    holdsSlot = false;
  }

  /** A failed attempt will run again as {@code nextAttempt}; the task keeps its window slot. */
  void retryAs(int nextAttempt) {
    attempt = nextAttempt;
    status = TaskStatus.QUEUED;
    dispatched = false;
    retryPending = true;
    worker = null;
    startedAt = null;
    lastSeen = null;
  }

  /** A finished (failed) task runs again as {@code nextAttempt}: a retry from the dead-letter queue. */
  void reopenAs(int nextAttempt) {
    result = null;
    replayed = false;
    finishedAt = null;
    retryAs(nextAttempt);
  }

  /** Rebuilding: the dispatch log holds an envelope of a later attempt, so the task was restarted. */
  void restoreAttempt(int laterAttempt) {
    if (laterAttempt > attempt) {
      attempt = laterAttempt;
    }
  }

  void markCancelRequested() {
    cancelRequested = true;
  }

  /** A worker started the current attempt. False when the event is stale or the task is finished. */
  boolean start(int eventAttempt, String byWorker, Instant at) {
    if (status.isTerminal() || eventAttempt != attempt) {
      return false;
    }
    lastSeen = at;
    if (status == TaskStatus.RUNNING && java.util.Objects.equals(worker, byWorker)) {
      return false;
    }
    status = TaskStatus.RUNNING;
    worker = byWorker;
    startedAt = at;
    return true;
  }

  /**
   * Records a terminal result: the first one per task wins; results of another attempt are ignored.
   *
   * @return true when the result was applied
   */
  boolean finish(TaskResult terminal, boolean fromJournal) {
    if (status.isTerminal() || terminal.attempt() != attempt) {
      return false;
    }
    result = terminal;
    replayed = fromJournal;
    finishedAt = terminal.finishedAt();
    if (terminal.worker() != null) {
      worker = terminal.worker();
    }
    if (startedAt == null) {
      startedAt = terminal.startedAt();
    }
    status = switch (terminal.outcome()) {
      case Outcome.Succeeded s -> TaskStatus.SUCCEEDED;
      case Outcome.Failed f -> TaskStatus.FAILED;
      case Outcome.Cancelled c -> TaskStatus.CANCELLED;
    };
    return true;
  }

  /** The API's outcome object, once finished. */
  public StepOutcome outcome() {
    return result == null ? null : result.toStepOutcome(replayed);
  }

  /** Republishes the snapshot readers see; {@code children} are the task's child tasks. */
  void publish(List<TaskKey> children) {
    Executor executor = executor();
    String remoteRunner = switch (executor) {
      case Executor.Local local -> null;
      case Executor.Remote remote -> remote.runner();
    };
    snapshot = new TaskSnapshot(key, key.invocationId(), key.taskId(), agent.name(), status, parent, children,
        attempt, worker, remoteRunner, executor.runtime(), createdAt, startedAt, finishedAt, outcome());
  }
}
