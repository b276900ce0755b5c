package io.switchboard.worker.internal.run;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.worker.agent.AgentContext;
import io.switchboard.worker.internal.publish.Publisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task being handled by this worker, from the moment it was taken until its result is decided: the
 * agent's {@link AgentContext}, and the cancellation state machine. A cancel takes effect only while the
 * task is unfinished; it sets the cause, runs the agent's cancel actions and interrupts the handling
 * thread. {@link #finish()} closes that window, so no interrupt can reach the thread afterwards.
 */
public final class TaskExecution implements AgentContext {

  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);
  private static final int MAX_LOG_LINE = 8 * 1024;

  private final TaskKey key;
  private final int attempt;
  private final String workerId;
  private final Publisher publisher;
  private final Clock clock;
  private final String coordinatorUrl;
  private final Thread thread;
  private final List<Runnable> cancelActions = new ArrayList<>();
  private CancelCause cause;
  private boolean finished;
  private boolean announced;
  private volatile Instant startedAt;
  private volatile Duration timeout;

  /** An execution handled by the calling thread (the one a cancel interrupts). */
  public TaskExecution(TaskKey key, int attempt, String workerId, Publisher publisher, Clock clock,
      String coordinatorUrl) {
    this.key = key;
    this.attempt = attempt;
    this.workerId = workerId;
    this.publisher = publisher;
    this.clock = clock;
    this.coordinatorUrl = coordinatorUrl;
    this.thread = Thread.currentThread();
  }

  public TaskKey key() {
    return key;
  }

  public int attempt() {
    return attempt;
  }

  /** When the agent started; null while the task waits. */
  public Instant startedAt() {
    return startedAt;
  }

  void started(Instant at, Duration limit) {
    this.timeout = limit;
    this.startedAt = at;
  }

  /**
   * Publishes the {@code started} event once, while the agent runs: by the worker's timer once the task
   * has run a while, before its first log or progress line, or at once. A task that finished first never
   * publishes it (its result carries the start). Sent under the lock, so a heartbeat that sees
   * {@link #announced()} comes after it on the task's partition. Any thread.
   */
  public synchronized void announceStarted() {
    if (announced || finished || startedAt == null) {
      return;
    }
    announced = true;
    publisher.event(new TaskEvent.Started(key, attempt, workerId, startedAt));
  }

  /** Whether the started event has been published; heartbeats are sent only for such tasks. */
  public synchronized boolean announced() {
    return announced;
  }

  /**
   * Stops the task for {@code why} unless it already finished or was stopped: runs the cancel actions
   * and interrupts the handling thread. True when this call stopped it.
   */
  public boolean cancel(CancelCause why) {
    List<Runnable> actions;
    synchronized (this) {
      if (finished || cause != null) {
        return false;
      }
      cause = why;
      actions = List.copyOf(cancelActions);
      cancelActions.clear();
      thread.interrupt();
    }
    log.debug("task {} attempt {}: cancelling ({})", key, attempt, why);
    actions.forEach(TaskExecution::runQuietly);
    return true;
  }

  /**
   * Closes the cancellation window and clears a pending interrupt: from now on the task's fate is
   * decided. Returns the cause it was cancelled for, or null. Call on the handling thread.
   */
  public CancelCause finish() {
    CancelCause decided;
    synchronized (this) {
      finished = true;
      decided = cause;
    }
    Thread.interrupted();
    return decided;
  }

  /** The cause it was cancelled for so far, or null. */
  public synchronized CancelCause cause() {
    return cause;
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public Optional<String> coordinatorUrl() {
    return Optional.ofNullable(coordinatorUrl);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void log(String stream, String line) {
    String text = line == null ? "" : line;
    if (text.length() > MAX_LOG_LINE) {
      text = text.substring(0, MAX_LOG_LINE);
    }
    announceStarted(); // a watcher sees the task running before its first line
    publisher.event(new TaskEvent.Log(key, attempt, stream, text, clock.instant()));
  }

  @Override
  public void progress(String message, Integer done, Integer total) {
    announceStarted();
    publisher.event(new TaskEvent.Progress(key, attempt, message, done, total, clock.instant()));
  }

  @Override
  public synchronized boolean isCancelled() {
    return cause != null;
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (cause == null) {
        cancelActions.add(action);
        return;
      }
    }
    runQuietly(action);
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("a cancel action failed: {}", e.toString());
    }
  }
}
