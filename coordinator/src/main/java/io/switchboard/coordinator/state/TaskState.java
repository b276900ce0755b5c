package io.switchboard.coordinator.state;

import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
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
  private boolean cancelRequested;
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

  public String runner() {
    return runner;
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

  public boolean dispatched() {
    return dispatched;
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

  void markDispatched() {
    dispatched = true;
  }

  void markUndispatched() {
    dispatched = false;
  }

  void markCancelRequested() {
    cancelRequested = true;
  }

  /** A worker started the current attempt. False when the event is stale or the task is finished. */
  boolean start(int eventAttempt, String byWorker, Instant at) {
    if (status.isTerminal() || eventAttempt != attempt
        || (status == TaskStatus.RUNNING && java.util.Objects.equals(worker, byWorker))) {
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
    snapshot = new TaskSnapshot(key, key.invocationId(), key.taskId(), agent.name(), status, parent, children,
        attempt, worker, runner, AgentSpec.Runtime.REMOTE, createdAt, startedAt, finishedAt, outcome());
  }
}
