package io.switchboard.client.testing;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationProgress;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.InvocationStatus;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskRef;
import io.switchboard.common.model.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One invocation of the fake: its tasks run in parallel on the given executor (at most {@code
 * maxParallel} at once), and the result lists the outcomes in target order.
 */
final class FakeInvocation {

  private final String id;
  private final Invocation invocation;
  private final List<FakeTask> tasks;
  private final CompletableFuture<InvocationResult> done = new CompletableFuture<>();

  FakeInvocation(String id, Invocation normalized, Clock clock) {
    this.id = id;
    this.invocation = normalized;
    TaskKey parent = parentKey(normalized.parentTaskId());
    this.tasks =
        normalized.targets().stream()
            .map(target -> new FakeTask(TaskKey.of(id, target.taskId()), target, parent, clock))
            .toList();
  }

  String id() {
    return id;
  }

  Join join() {
    return invocation.join();
  }

  List<FakeTask> tasks() {
    return tasks;
  }

  /**
   * Runs every task with {@code behaviour}, starting them in target order as the coordinator does:
   * the first {@code maxParallel} at once, then the next one each time one finishes. Completes
   * {@link #awaitResult} when all are done.
   */
  void start(ExecutorService executor, Function<Target, StepOutcome> behaviour) {
    int parallel = invocation.maxParallel() == null ? tasks.size() : invocation.maxParallel();
    AtomicInteger next = new AtomicInteger();
    for (int i = 0; i < Math.min(parallel, tasks.size()); i++) {
      startNext(next, executor, behaviour);
    }
    CompletableFuture.allOf(tasks.stream().map(FakeTask::outcome).toArray(CompletableFuture[]::new))
        .thenRun(() -> done.complete(result()));
  }

  private void startNext(
      AtomicInteger next, ExecutorService executor, Function<Target, StepOutcome> behaviour) {
    int index = next.getAndIncrement();
    if (index >= tasks.size()) {
      return;
    }
    FakeTask task = tasks.get(index);
    try {
      executor.execute(
          () -> {
            try {
              run(task, behaviour);
            } finally {
              startNext(next, executor, behaviour);
            }
          });
    } catch (RejectedExecutionException closed) {
      task.cancel("the fake client was closed");
    }
  }

  private void run(FakeTask task, Function<Target, StepOutcome> behaviour) {
    if (!task.start()) {
      return;
    }
    StepOutcome outcome;
    try {
      outcome = behaviour.apply(task.target());
      if (outcome == null) {
        outcome = failure(task.key(), "the fake's response for the task was null");
      }
    } catch (RuntimeException e) {
      outcome = failure(task.key(), e.toString());
    }
    task.finish(outcome);
    if (!outcome.success() && Boolean.TRUE.equals(invocation.failFast())) {
      tasks.forEach(sibling -> sibling.cancel("failFast: sibling " + task.key() + " failed"));
    }
  }

  /** The result now: running with progress, or final with the outcomes in target order. */
  InvocationResult result() {
    List<TaskRef> refs = tasks.stream().map(task -> TaskRef.of(task.key())).toList();
    int finished = 0;
    int failed = 0;
    int cancelled = 0;
    int running = 0;
    for (FakeTask task : tasks) {
      TaskStatus status = task.status();
      finished += status.isTerminal() ? 1 : 0;
      failed += status == TaskStatus.FAILED ? 1 : 0;
      cancelled += status == TaskStatus.CANCELLED ? 1 : 0;
      running += status == TaskStatus.RUNNING ? 1 : 0;
    }
    InvocationProgress progress =
        new InvocationProgress(tasks.size(), finished, failed, cancelled, running);
    if (finished < tasks.size()) {
      return InvocationResult.running(id, join(), refs).withProgress(progress);
    }
    List<StepOutcome> outcomes = tasks.stream().map(task -> task.outcome().join()).toList();
    InvocationStatus status =
        failed > 0
            ? InvocationStatus.FAILED
            : cancelled > 0 ? InvocationStatus.CANCELLED : InvocationStatus.SUCCEEDED;
    return new InvocationResult(id, join(), status, refs, outcomes, progress);
  }

  /** The result as a 202 shows it: running, no outcomes, with the progress counts. */
  InvocationResult running() {
    InvocationResult now = result();
    return InvocationResult.running(id, join(), now.tasks()).withProgress(now.progress());
  }

  /** The result once finished, or the running result after {@code wait}. */
  InvocationResult awaitResult(Duration wait) {
    try {
      return done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return result();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the fake invocation " + id + " broke", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return result();
    }
  }

  private static StepOutcome failure(TaskKey key, String message) {
    return StepOutcome.failed(key, TaskError.of(ErrorCode.AGENT_ERROR, message), 1, false);
  }

  private static TaskKey parentKey(String parentTaskId) {
    try {
      return parentTaskId == null ? null : TaskKey.parse(parentTaskId);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
