package io.switchboard.client.cli;

import io.switchboard.client.AwaitListener;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.common.model.InvocationProgress;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.StepOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Shows how far an invocation has come on stderr: {@code [#####-----] 5/10 done (1 failed)},
 * redrawn in place with {@code \r} at a terminal, else one line at most every {@link #LINE_EVERY}
 * (so logs stay short); and a line when the coordinator becomes unreachable and when it is back.
 */
final class ProgressReporter implements AwaitListener {

  /** The shortest time between two progress lines when stderr is not a terminal. */
  static final Duration LINE_EVERY = Duration.ofSeconds(2);

  private static final int BAR_WIDTH = 10;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private long lastLineAt;
  private String latest;
  private String printed;
  private int drawnWidth;

  ProgressReporter(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.lastLineAt = nanoTime.getAsLong();
  }

  @Override
  public void progress(InvocationResult result) {
    latest = render(result);
    if (terminal) {
      draw(latest);
    } else if (nanoTime.getAsLong() - lastLineAt >= LINE_EVERY.toNanos()) {
      line(latest);
    }
  }

  @Override
  public void reconnecting(CoordinatorUnreachableException cause) {
    line("coordinator unreachable, reconnecting...");
  }

  @Override
  public void reconnected() {
    line("coordinator reachable again, re-attached");
  }

  /**
   * Ends the display: the final bar stays on its line; a log gets the final count if it had any.
   */
  void finish() {
    if (terminal && drawnWidth > 0) {
      err.println();
      drawnWidth = 0;
    } else if (!terminal && printed != null && latest != null && !latest.equals(printed)) {
      line(latest);
    }
    err.flush();
  }

  /** {@code [#####-----] 5/10 done (1 failed, 2 cancelled)}. */
  static String render(InvocationResult result) {
    InvocationProgress progress = result.progress() == null ? counted(result) : result.progress();
    int total = progress.total();
    int filled = total == 0 ? 0 : progress.done() * BAR_WIDTH / total;
    StringBuilder text = new StringBuilder("[");
    text.append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
    text.append(progress.done()).append('/').append(total).append(" done");
    List<String> notes = new ArrayList<>();
    if (progress.failed() > 0) {
      notes.add(progress.failed() + " failed");
    }
    if (progress.cancelled() > 0) {
      notes.add(progress.cancelled() + " cancelled");
    }
    if (!notes.isEmpty()) {
      text.append(" (").append(String.join(", ", notes)).append(')');
    }
    return text.toString();
  }

  /** Counts from the outcomes, for a coordinator that does not send {@code progress}. */
  private static InvocationProgress counted(InvocationResult result) {
    List<StepOutcome> outcomes = result.outcomes() == null ? List.of() : result.outcomes();
    int total = Math.max(result.tasks().size(), outcomes.size());
    int failed = 0;
    int cancelled = 0;
    for (StepOutcome outcome : outcomes) {
      switch (Outcomes.state(outcome)) {
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
        case SUCCEEDED -> {}
      }
    }
    return new InvocationProgress(total, outcomes.size(), failed, cancelled, 0);
  }

  private void draw(String text) {
    String padded = text + " ".repeat(Math.max(0, drawnWidth - text.length()));
    err.print("\r" + padded);
    err.flush();
    drawnWidth = text.length();
  }

  private void line(String text) {
    if (terminal && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
    err.println(text);
    err.flush();
    lastLineAt = nanoTime.getAsLong();
    printed = text;
  }
}
