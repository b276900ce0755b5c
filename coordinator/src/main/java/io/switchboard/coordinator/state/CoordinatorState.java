package io.switchboard.coordinator.state;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.supervisor.Decision;
import io.switchboard.coordinator.supervisor.Supervisor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The coordinator's state: accepted invocations, their tasks and the task tree. Only the engine thread
 * changes it, through the appliers below, which serve live processing and replay alike; any thread may
 * read it (snapshots are immutable, maps are concurrent).
 */
public final class CoordinatorState {

  private final Map<String, InvocationState> invocations = new ConcurrentHashMap<>();
  /**
   * The same invocations in the order of their tasks' keys, for listings: keyed by {@code <id>/}, the
   * prefix every key of theirs starts with (an id holds no {@code '/'}, so no prefix is another's, and
   * their order is their keys' order). A task is found through its invocation, not through a map of every
   * task: one entry per invocation, not per task, to add and remove.
   */
  private final ConcurrentSkipListMap<String, InvocationState> inKeyOrder = new ConcurrentSkipListMap<>();
  private final Map<TaskKey, List<TaskKey>> children = new ConcurrentHashMap<>();
  private final Map<String, Integer> activeByAgent = new ConcurrentHashMap<>();
  private final FinishedHistory history;
  /** Finished invocations on disk only. */
  private final AtomicInteger onDisk = new AtomicInteger();

  /** A state that keeps everything in memory. */
  public CoordinatorState() {
    this(FinishedHistory.NONE);
  }

  /** A state that keeps finished invocations in {@code history} rather than in memory. */
  public CoordinatorState(FinishedHistory history) {
    this.history = history;
  }

  /** The invocation, from memory or, once finished, from the history. */
  public Optional<InvocationState> invocation(String id) {
    InvocationState live = invocations.get(id);
    return live != null ? Optional.of(live) : history.load(id, this);
  }

  /** The invocation if memory holds it; never loaded from disk. */
  public Optional<InvocationState> inMemory(String id) {
    return Optional.ofNullable(invocations.get(id));
  }

  /** Whether this invocation was accepted, without loading it. */
  public boolean knows(String id) {
    return invocations.containsKey(id) || history.contains(id);
  }

  public Optional<TaskState> task(TaskKey key) {
    if (key == null) {
      return Optional.empty();
    }
    TaskState live = live(key);
    return live != null ? Optional.of(live) : invocation(key.invocationId()).flatMap(i -> i.task(key.taskId()));
  }

  /** The task if its invocation is in memory, else null. */
  private TaskState live(TaskKey key) {
    InvocationState invocation = invocations.get(key.invocationId());
    return invocation == null ? null : invocation.taskOrNull(key.taskId());
  }

  /** Every task in memory. */
  private Stream<TaskState> liveTasks() {
    return invocations.values().stream().flatMap(i -> i.tasks().stream());
  }

  /** Tasks of {@code agent} queued or running now. */
  public int activeOf(String agent) {
    return activeByAgent.getOrDefault(agent, 0);
  }

  /** The child tasks of {@code parent}: every task of the invocations submitted with it as parent. */
  public List<TaskKey> children(TaskKey parent) {
    return children.getOrDefault(parent, List.of());
  }

  /** Invocations known: in memory and on disk. */
  public int invocationCount() {
    return invocations.size() + onDisk.get();
  }

  /** Invocations in memory: unfinished ones, and finished ones not yet written to disk. */
  public int inMemoryCount() {
    return invocations.size();
  }

  /** The ids of the invocations held in memory, in order. */
  public SortedSet<String> inMemoryIds() {
    return new TreeSet<>(invocations.keySet());
  }

  /**
   * Task snapshots in key order after {@code cursor} (exclusive), filtered, at most {@code limit}. Tasks
   * of finished invocations come from the history; a filter on a status that is not terminal reads memory
   * only, where every such task is.
   */
  public List<TaskSnapshot> list(TaskFilter filter, String cursor, int limit) {
    Page page = new Page(filter, limit, liveAfter(cursor));
    if (filter.status() == null || filter.status().isTerminal()) {
      history.taskKeysAfter(cursor, key -> {
        TaskKey parsed = TaskKey.parse(key);
        if (invocations.containsKey(parsed.invocationId())) {
          return true; // live: listed from memory
        }
        if (!page.liveBefore(key)) {
          return false;
        }
        return task(parsed).map(page::offer).orElse(true);
      });
    }
    page.liveBefore(null);
    return page.snapshots;
  }

  /** The tasks in memory in key order, after {@code cursor} (exclusive; null: from the first). */
  private Iterator<TaskState> liveAfter(String cursor) {
    // the only invocation that can hold keys on both sides of the cursor is the one whose prefix it starts with
    int slash = cursor == null ? -1 : cursor.indexOf('/');
    Collection<InvocationState> from = cursor == null ? inKeyOrder.values()
        : inKeyOrder.tailMap(slash < 0 ? cursor : cursor.substring(0, slash + 1), true).values();
    return from.stream().flatMap(i -> i.tasksInKeyOrder().stream())
        .filter(t -> cursor == null || t.key().toString().compareTo(cursor) > 0).iterator();
  }

  /** A page being filled from memory and history in key order. */
  private static final class Page {
    private final TaskFilter filter;
    private final int limit;
    private final Iterator<TaskState> live;
    private TaskState nextLive;
    private final List<TaskSnapshot> snapshots = new ArrayList<>();
    private String lastKey;

    Page(TaskFilter filter, int limit, Iterator<TaskState> live) {
      this.filter = filter;
      this.limit = limit;
      this.live = live;
      this.nextLive = live.hasNext() ? live.next() : null;
    }

    /** Offers the live tasks before {@code key} (all of them when null); false once the page is full. */
    boolean liveBefore(String key) {
      while (nextLive != null && (key == null || nextLive.key().toString().compareTo(key) < 0)) {
        if (!offer(nextLive)) {
          return false;
        }
        nextLive = live.hasNext() ? live.next() : null;
      }
      return snapshots.size() < limit;
    }

    /**
     * False once the page is full. A task offered twice in a row is listed once: an invocation that moves
     * from memory to disk while the page is filled can be seen by both sources (the live iterator took it
     * before the move, the history finds it no longer in memory after), and the merge in key order puts the
     * two offers side by side.
     */
    boolean offer(TaskState task) {
      if (snapshots.size() >= limit) {
        return false;
      }
      String key = task.key().toString();
      if (key.equals(lastKey)) {
        return true;
      }
      lastKey = key;
      TaskSnapshot snapshot = task.snapshot();
      if (filter.matches(snapshot)) {
        snapshots.add(snapshot);
      }
      return snapshots.size() < limit;
    }
  }

  // ---- appliers: the only ways state changes ----

  /** Forgets everything (before a rebuild from the topics). */
  public void clear() {
    history.forgetAll();
    onDisk.set(0);
    invocations.clear();
    inKeyOrder.clear();
    children.clear();
    activeByAgent.clear();
  }

  /** An invocation whose intent is durable becomes visible with its tasks queued. */
  public void accept(InvocationState invocation) {
    invocations.put(invocation.id(), invocation);
    inKeyOrder.put(invocation.id() + "/", invocation);
    for (TaskState task : invocation.tasks()) {
      activeByAgent.merge(task.agent().name(), 1, Integer::sum);
      task(task.parent() == null ? null : task.parent()).ifPresent(p -> task.depth(p.depth() + 1));
      if (task.parent() != null) {
        List<TaskKey> siblings = children.computeIfAbsent(task.parent(), k -> new CopyOnWriteArrayList<>());
        siblings.add(task.key());
        task(task.parent()).ifPresent(parent -> parent.publish(siblings));
      }
    }
  }

  /**
   * Rebuilding: the dispatch log (a task topic) holds an envelope of this task, so it was dispatched
   * before the restart and must not be sent again.
   */
  public boolean dispatchedBefore(TaskKey key, int attempt) {
    TaskState task = live(key);
    if (task == null || task.isTerminal() || attempt < task.attempt()) {
      return false;
    }
    task.restoreAttempt(attempt);
    invocations.get(key.invocationId()).dispatched(task);
    return true;
  }

  /** The tasks in memory that have not finished: every open context's owner is one of them. */
  public List<TaskState> unfinishedTasks() {
    return liveTasks().filter(t -> !t.isTerminal()).toList();
  }

  /** Invocations whose join is not complete. */
  public List<InvocationState> unfinished() {
    return invocations.values().stream().filter(i -> !i.isDone()).toList();
  }

  public void dispatched(InvocationState invocation, TaskState task) {
    invocation.dispatched(task);
  }

  public void dispatchFailed(InvocationState invocation, TaskState task) {
    invocation.undispatched(task);
  }

  /** A failed attempt will be retried as {@code nextAttempt} (the supervisor decided); not finished. */
  public void retrying(TaskState task, int nextAttempt) {
    TaskStatus from = task.status();
    task.retryAs(nextAttempt);
    task.publish(children(task.key()));
    invocations.get(task.key().invocationId()).transition(from, task.status());
  }

  /**
   * A failed task runs again as its next attempt (a retry from the dead-letter queue). An invocation
   * that was on disk only is live again.
   *
   * @return the task as it is now live
   */
  public TaskState reopen(TaskState task) {
    String id = task.key().invocationId();
    if (!invocations.containsKey(id)) {
      InvocationState invocation = history.load(id, this).orElseThrow();
      history.forget(id);
      onDisk.decrementAndGet();
      invocations.put(id, invocation);
      inKeyOrder.put(id + "/", invocation);
      task = invocation.task(task.key().taskId()).orElseThrow();
    }
    TaskStatus from = task.status();
    task.reopenAs(task.attempt() + 1);
    activeByAgent.merge(task.agent().name(), 1, Integer::sum);
    invocations.get(task.key().invocationId()).reopened(from);
    task.publish(children(task.key()));
    return task;
  }

  /** Tasks whose failed attempt waits to be retried (after a rebuild: to send now). */
  public List<TaskState> pendingRetries() {
    return liveTasks().filter(TaskState::retryPending).sorted(Comparator.comparing(t -> t.key().toString())).toList();
  }

  /** Tasks a worker runs now. */
  public List<TaskState> running() {
    return liveTasks().filter(t -> t.status() == TaskStatus.RUNNING).toList();
  }

  public void cancelRequested(TaskState task) {
    task.markCancelRequested();
  }

  /** A worker started a task's current attempt. */
  public boolean started(TaskEvent.Started event) {
    TaskState task = live(event.key());
    if (task == null) {
      return false;
    }
    TaskStatus from = task.status();
    if (!task.start(event.attempt(), event.worker(), event.at())) {
      return false;
    }
    task.publish(children(task.key()));
    invocations.get(task.key().invocationId()).transition(from, task.status());
    return true;
  }

  /**
   * A terminal result of a task's current attempt, supervised: a failure its policy restarts makes the
   * task wait for its next attempt instead of finishing. The first result per task and attempt wins.
   */
  public Applied result(TaskResult result, Supervisor supervisor) {
    TaskState task = live(result.key());
    if (task == null || task.isTerminal() || result.attempt() != task.attempt()) {
      return new Applied.Ignored();
    }
    return switch (supervisor.decide(task.policy(), result)) {
      case Decision.Restart restart -> {
        retrying(task, restart.nextAttempt());
        yield new Applied.Retrying(task, restart.nextAttempt(), restart.backoff());
      }
      case Decision.Finish finish -> finished(result, false)
          .<Applied>map(Applied.Finished::new).orElseGet(Applied.Ignored::new);
      case Decision.Escalate escalate -> finished(result, false)
          .<Applied>map(Applied.Escalated::new).orElseGet(Applied.Ignored::new);
    };
  }

  /**
   * A terminal result, unsupervised. The first per task and attempt wins; duplicates and stale attempts are ignored.
   *
   * @return the task it finished, or empty when ignored
   */
  public Optional<TaskState> finished(TaskResult result, boolean fromJournal) {
    TaskState task = live(result.key());
    if (task == null) {
      return Optional.empty();
    }
    boolean wasDispatched = task.holdsSlot();
    TaskStatus from = task.status();
    if (!task.finish(result, fromJournal)) {
      return Optional.empty();
    }
    task.publish(children(task.key()));
    activeByAgent.merge(task.agent().name(), -1, Integer::sum);
    InvocationState invocation = invocations.get(task.key().invocationId());
    invocation.finished(task, wasDispatched, from);
    if (invocation.allFinished()) {
      invocation.complete();
    }
    return Optional.of(task);
  }

  // ---- finished history ----

  /** Finished invocations still in memory. */
  public List<InvocationState> finishedInMemory() {
    return invocations.values().stream().filter(InvocationState::isFinished).toList();
  }

  /**
   * Drops a finished invocation from memory once it is on disk (its children stay listed under their
   * parents); an invocation that is not finished stays.
   */
  public boolean evict(InvocationState invocation) {
    if (!invocation.isFinished() || invocations.get(invocation.id()) != invocation) {
      return false;
    }
    invocations.remove(invocation.id());
    inKeyOrder.remove(invocation.id() + "/");
    onDisk.incrementAndGet();
    return true;
  }

  /**
   * Evicts a finished invocation whose end is on disk and keeps it among the recent ones of the history:
   * the client that waits for it reads it next, without loading it back from the disk.
   */
  public void retire(InvocationState invocation) {
    if (evict(invocation)) {
      history.recent(invocation);
    }
  }

  /** Rebuilding: {@code count} finished invocations are on disk, not restored into memory. */
  public void onDisk(int count) {
    onDisk.addAndGet(count);
  }

  /**
   * A finished invocation loaded from the history, as it ended: {@code assembled} from its intent, with
   * the stored terminal result of each task.
   */
  public InvocationState restoreFinished(InvocationState assembled, List<TaskResult> results) {
    for (TaskResult result : results) {
      assembled.task(result.key().taskId()).ifPresent(task -> {
        TaskStatus from = task.status();
        task.restoreAttempt(result.attempt());
        if (task.finish(result, false)) {
          assembled.finished(task, false, from);
        }
      });
    }
    for (TaskState task : assembled.tasks()) {
      if (task.parent() != null) {
        task(task.parent()).ifPresent(parent -> task.depth(parent.depth() + 1));
      }
      task.publish(children(task.key()));
    }
    if (assembled.allFinished()) {
      assembled.complete();
    }
    return assembled;
  }

  /** Which tasks a listing shows; null fields match everything. */
  public record TaskFilter(TaskKey parent, TaskStatus status, String agent) {
    boolean matches(TaskSnapshot s) {
      return (parent == null || parent.equals(s.parent()))
          && (status == null || status == s.status())
          && (agent == null || agent.equals(s.agent()));
    }
  }
}
