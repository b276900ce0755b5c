package io.switchboard.coordinator.state;

import io.switchboard.common.model.InvocationOptions;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.InvocationStatus;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskRef;
import io.switchboard.common.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted invocation: its tasks in input order, the dispatch window and the join. Changed only by
 * the engine thread; {@link #completion()} completes once every task is terminal.
 */
public final class InvocationState {

  private final String id;
  private final InvocationOptions options;
  private final List<TaskState> tasks;
  private final Instant acceptedAt;
  private volatile CompletableFuture<InvocationResult> completion = new CompletableFuture<>();
  private final List<TaskRef> refs;
  private final String caller;
  /** Up to this many tasks, one is found by scanning them rather than through {@link #byTaskId}. */
  private static final int SCANNED = 8;
  /** Tasks by id, built when first asked for (a map not changed after, published whole). */
  private volatile Map<String, TaskState> byTaskId;
  /** {@link #tasks} in key order, sorted when first asked for. */
  private volatile List<TaskState> inKeyOrder;

  private int nextToDispatch;
  private int inFlight;
  private int finished;
  private int succeeded;
  private int failed;
  private int cancelled;
  private int running;
  private volatile Progress progress;
  private volatile Long contextUpTo;

  public InvocationState(String id, InvocationOptions options, List<TaskState> tasks, Instant acceptedAt,
      String caller) {
    this.caller = caller;
    this.id = id;
    this.options = options;
    this.tasks = List.copyOf(tasks);
    this.acceptedAt = acceptedAt;
    this.refs = this.tasks.stream().map(t -> new TaskRef(t.key().taskId(), t.key())).toList();
    this.progress = new Progress(this.tasks.size(), 0, 0, 0, 0);
  }

  public String id() {
    return id;
  }

  /** Who submitted it: a token fingerprint, {@code anonymous}, or {@code task:<parent key>}. */
  public String caller() {
    return caller;
  }

  public InvocationOptions options() {
    return options;
  }

  /** With context {@code inherited}: the last seq of the parent's context its tasks see; else null. */
  public Long contextUpTo() {
    return contextUpTo;
  }

  /** Sets the inherited snapshot point, before the invocation is accepted (or when it is restored). */
  public void contextUpTo(Long upTo) {
    this.contextUpTo = upTo;
  }

  public Join join() {
    return options.join();
  }

  public List<TaskState> tasks() {
    return tasks;
  }

  /** The task with this id, if the invocation has one. */
  public Optional<TaskState> task(String taskId) {
    return Optional.ofNullable(taskOrNull(taskId));
  }

  /** The task with this id, or null: the coordinator's lookups by task key end here. */
  TaskState taskOrNull(String taskId) {
    if (tasks.size() <= SCANNED) {
      for (TaskState task : tasks) {
        if (task.key().taskId().equals(taskId)) {
          return task;
        }
      }
      return null;
    }
    Map<String, TaskState> index = byTaskId;
    if (index == null) {
      index = new HashMap<>(tasks.size() * 2);
      for (TaskState task : tasks) {
        index.put(task.key().taskId(), task);
      }
      byTaskId = index;
    }
    return index.get(taskId);
  }

  /** The tasks in the order of their keys (the order of a listing), sorted when first asked for. */
  List<TaskState> tasksInKeyOrder() {
    List<TaskState> sorted = inKeyOrder;
    if (sorted == null) {
      sorted = tasks.stream().sorted(Comparator.comparing(t -> t.key().toString())).toList();
      inKeyOrder = sorted;
    }
    return sorted;
  }

  /** Every task is terminal and the join is complete: the invocation is history. */
  public boolean isFinished() {
    return allFinished() && isDone();
  }

  public Instant acceptedAt() {
    return acceptedAt;
  }

  /** The window: at most this many tasks dispatched and unfinished at once. */
  public int maxParallel() {
    return options.maxParallel() == null ? Integer.MAX_VALUE : options.maxParallel();
  }

  public CompletableFuture<InvocationResult> completion() {
    return completion;
  }

  public boolean isDone() {
    return completion.isDone();
  }

  /** Counts of the invocation's tasks, safe to read from any thread. */
  public Progress progress() {
    return progress;
  }

  /** The next task the window may dispatch, or null when the window is full or none is left. */
  public TaskState nextToDispatch() {
    while (inFlight < maxParallel() && nextToDispatch < tasks.size()) {
      TaskState task = tasks.get(nextToDispatch++);
      if (!task.isTerminal() && !task.holdsSlot()) {
        return task;
      }
    }
    return null;
  }

  void dispatched(TaskState task) {
    if (task.markDispatched()) {
      inFlight++;
    }
  }

  /** A dispatch that failed is retried: the task goes back to the front of the window. */
  void undispatched(TaskState task) {
    task.markUndispatched();
    inFlight--;
    nextToDispatch = Math.min(nextToDispatch, task.index());
  }

  void finished(TaskState task, boolean wasDispatched, TaskStatus from) {
    finished++;
    if (wasDispatched) {
      inFlight--;
    }
    transition(from, task.status());
  }

  /** Keeps the progress counts as tasks move, in constant time per change. */
  void transition(TaskStatus from, TaskStatus to) {
    if (from == to) {
      return;
    }
    count(from, -1);
    count(to, +1);
    progress = new Progress(tasks.size(), succeeded + failed + cancelled, failed, cancelled, running);
  }

  private void count(TaskStatus status, int delta) {
    switch (status) {
      case SUCCEEDED -> succeeded += delta;
      case FAILED -> failed += delta;
      case CANCELLED -> cancelled += delta;
      case RUNNING -> running += delta;
      case QUEUED -> { }
    }
  }

  /** A finished task runs again: the join is open again (waiters of the first join kept their answer). */
  void reopened(TaskStatus from) {
    finished--;
    transition(from, TaskStatus.QUEUED);
    if (completion.isDone()) {
      completion = new CompletableFuture<>();
    }
  }

  boolean allFinished() {
    return finished == tasks.size();
  }

  /** The result as it stands: running without outcomes, or done with outcomes in input order. */
  public InvocationResult result() {
    InvocationResult done = completion.getNow(null);
    return done != null ? done : InvocationResult.running(id, join(), refs);
  }

  /** Completes the join: outcomes in the order of the targets, never completion order. */
  void complete() {
    List<StepOutcome> outcomes = new ArrayList<>(tasks.size());
    boolean anyFailed = false;
    boolean anyCancelled = false;
    for (TaskState task : tasks) {
      outcomes.add(task.outcome());
      anyFailed |= task.status() == TaskStatus.FAILED;
      anyCancelled |= task.status() == TaskStatus.CANCELLED;
    }
    InvocationStatus status = anyFailed ? InvocationStatus.FAILED
        : anyCancelled ? InvocationStatus.CANCELLED : InvocationStatus.SUCCEEDED;
    completion.complete(new InvocationResult(id, join(), status, refs, outcomes, null));
  }

  /**
   * How far an invocation has come.
   *
   * @param total tasks in all
   * @param done tasks finished (succeeded, failed or cancelled)
   */
  public record Progress(int total, int done, int failed, int cancelled, int running) {}
}
