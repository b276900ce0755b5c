package io.switchboard.coordinator.engine;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.ControlMessage;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.coordinator.state.Applied;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import io.switchboard.coordinator.store.Changes;
import io.switchboard.coordinator.supervisor.Supervisor;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies terminal outcomes, the workers' (read back from {@code <p>.results}) and those the coordinator
 * decides itself (journaled there first, like a worker's): the supervisor's restart, stop or escalate, the
 * store's changes, the feeds and hooks, {@code failFast} and the escalation cascades. Runs on the engine
 * thread.
 */
final class Outcomes {

  /** Where the outcomes go on: sending tasks, and cancelling trees (a cascade refills no window itself). */
  interface Next {
    void refill(InvocationState invocation);

    void redispatch(TaskState task, int attempt);

    void cancelTree(TaskState task, String reason);
  }

  private static final Logger log = LoggerFactory.getLogger(Outcomes.class);

  private final CoordinatorState state;
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock;
  private final Supervisor supervisor;
  private final Hooks hooks;
  private final TaskFeedEvents feed;
  private final Timers timers;
  private final Changes changes;
  private final Next next;
  /** Invocations finished in this batch: out of memory once the batch is on disk. */
  private final Set<InvocationState> finishing = new LinkedHashSet<>();

  Outcomes(CoordinatorState state, Producer<String, byte[]> producer, Topics topics, Clock clock, Lifecycle lifecycle,
      TaskFeedEvents feed, Timers timers, Changes changes, Next next) {
    this.state = state;
    this.producer = producer;
    this.topics = topics;
    this.clock = clock;
    this.supervisor = lifecycle.supervisor();
    this.hooks = lifecycle.hooks();
    this.feed = feed;
    this.timers = timers;
    this.changes = changes;
    this.next = next;
  }

  /** Applies a terminal result, then refills its invocation's window. */
  void onResult(TaskResult result, byte[] raw) {
    apply(result, raw).ifPresent(task -> next.refill(invocationOf(task)));
  }

  /** Journals a failure decided by the coordinator and applies it (supervised, like a worker's). */
  void recordFailed(TaskState task, ErrorCode code, String message) {
    journal(task, new Outcome.Failed(TaskError.of(code, message)), task.snapshot().worker(), true);
  }

  /** The same without refilling the window: the caller fills it once it is done (no task sent early). */
  void recordFailedQuietly(TaskState task, ErrorCode code, String message) {
    journal(task, new Outcome.Failed(TaskError.of(code, message)), task.snapshot().worker(), false);
  }

  /** Journals a cancelled outcome decided by the coordinator, and applies it at once (no refill). */
  void recordCancelled(TaskState task, String reason) {
    journal(task, new Outcome.Cancelled(reason), null, false);
  }

  /** A finished invocation is running again (a retry): it stays in memory. */
  void reopened(InvocationState invocation) {
    finishing.remove(invocation);
  }

  /**
   * After the batch is on disk: the invocations it finished leave memory (kept among the history's recent
   * ones, and loaded from disk once they left those too), except those for which {@code keep} holds (their
   * intent is not in yet), which leave with a later batch.
   */
  void evictFinished(Predicate<String> keep) {
    finishing.removeIf(invocation -> {
      if (keep.test(invocation.id())) {
        return false;
      }
      state.retire(invocation);
      return true;
    });
  }

  /**
   * Journals an outcome the coordinator decided to {@code <p>.results}, like a worker's, and applies it at
   * once (the copy read back later is a duplicate and ignored).
   */
  private void journal(TaskState task, Outcome outcome, String worker, boolean refill) {
    TaskResult result = TaskResult.of(task.key(), task.attempt(), outcome, worker, task.snapshot().startedAt(),
        clock.instant());
    var record = WireRecords.of(topics.results(), task.key().toString(), result);
    producer.send(record);
    if (refill) {
      onResult(result, record.value());
    } else {
      apply(result, record.value());
    }
  }

  /**
   * Applies a terminal result without refilling any window (a cancel cascade refills once it is done, so
   * a sibling about to be cancelled is never sent). The result that wins is stored with its bytes.
   */
  private Optional<TaskState> apply(TaskResult result, byte[] raw) {
    return switch (state.result(result, supervisor)) {
      case Applied.Ignored ignored -> Optional.empty();
      case Applied.Retrying retrying -> {
        changes.result(retrying.task().key().toString(), raw);
        feed.status(retrying.task().key(), retrying.task().snapshot());
        log.info("task {} attempt {} failed ({}); restarting as attempt {} in {} ms", retrying.task().key(),
            result.attempt(), result.outcome().toTaskError().code().wireName(), retrying.nextAttempt(),
            retrying.backoff().toMillis());
        timers.schedule(retrying.backoff(), () -> next.redispatch(retrying.task(), retrying.nextAttempt()));
        yield Optional.empty();
      }
      case Applied.Finished finished -> Optional.of(afterFinish(finished.task(), raw));
      case Applied.Escalated escalated -> {
        TaskState task = afterFinish(escalated.task(), raw);
        escalate(task, result);
        yield Optional.of(task);
      }
    };
  }

  private TaskState afterFinish(TaskState task, byte[] raw) {
    changes.result(task.key().toString(), raw);
    feed.result(task.key(), task.outcome());
    InvocationState invocation = invocationOf(task);
    hooks.afterTerminate(task.snapshot(), invocation.caller());
    if (invocation.isFinished()) {
      changes.finished(invocation.id(), invocation.options().parentTaskId() != null);
      finishing.add(invocation);
    }
    if (task.status() == TaskStatus.FAILED && Boolean.TRUE.equals(invocation.options().failFast())) {
      for (TaskState sibling : invocation.tasks()) {
        if (!sibling.isTerminal()) {
          next.cancelTree(sibling, "failFast: sibling " + task.key().taskId() + " failed");
        }
      }
    }
    return task;
  }

  /**
   * The supervisor escalated a child's failure: its parent task fails with {@code escalated} and the
   * cause (and is supervised in turn), and the parent's other unfinished descendants are cancelled.
   */
  private void escalate(TaskState child, TaskResult result) {
    if (child.parent() == null) {
      return;
    }
    state.task(child.parent()).filter(parent -> !parent.isTerminal()).ifPresent(parent -> {
      TaskError cause = result.outcome().toTaskError();
      String message = "child " + child.key() + " failed: " + cause.code().wireName() + ": " + cause.message();
      log.info("task {} escalates to its parent {}: {}", child.key(), parent.key(), message);
      if (parent.dispatched()) {
        producer.send(WireRecords.of(topics.control(), parent.key().toString(),
            new ControlMessage.CancelTask(parent.key(), "escalated: " + message, clock.instant())));
      }
      for (TaskKey sibling : state.children(parent.key())) {
        state.task(sibling).filter(t -> !t.isTerminal())
            .ifPresent(t -> next.cancelTree(t, "parent " + parent.key() + " failed: " + message));
      }
      recordFailed(parent, ErrorCode.ESCALATED, message);
    });
  }

  private InvocationState invocationOf(TaskState task) {
    return state.invocation(task.key().invocationId()).orElseThrow();
  }
}
