package io.switchboard.worker.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AgentContext} for testing agents without a worker: it records log lines and progress,
 * and {@link #cancel()} plays the worker's part in a cancellation.
 */
public final class FakeAgentContext implements AgentContext {

  /** One published log line. */
  public record LogLine(String stream, String line) {}

  /** One progress report. */
  public record ProgressReport(String message, Integer done, Integer total) {}

  private final Clock clock;
  private final Duration timeout;
  private final String coordinatorUrl;
  private final List<LogLine> logs = new CopyOnWriteArrayList<>();
  private final List<ProgressReport> progress = new CopyOnWriteArrayList<>();
  private final List<Runnable> onCancel = new ArrayList<>();
  private boolean cancelled;

  /** A context with the system clock, no timeout and no coordinator URL. */
  public FakeAgentContext() {
    this(Clock.systemUTC(), null, null);
  }

  /** A context with these limits; {@code timeout} and {@code coordinatorUrl} may be null. */
  public FakeAgentContext(Clock clock, Duration timeout, String coordinatorUrl) {
    this.clock = clock;
    this.timeout = timeout;
    this.coordinatorUrl = coordinatorUrl;
  }

  @Override
  public String workerId() {
    return "fake-worker";
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
    logs.add(new LogLine(stream, line));
  }

  @Override
  public void progress(String message, Integer done, Integer total) {
    progress.add(new ProgressReport(message, done, total));
  }

  @Override
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        onCancel.add(action);
        return;
      }
    }
    action.run();
  }

  /** Cancels: runs the registered actions (it does not interrupt any thread). */
  public void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = List.copyOf(onCancel);
    }
    actions.forEach(Runnable::run);
  }

  /** The log lines published so far. */
  public List<LogLine> logs() {
    return List.copyOf(logs);
  }

  /** The progress reported so far. */
  public List<ProgressReport> progressReports() {
    return List.copyOf(progress);
  }
}
