package io.switchboard.client.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The loop behind {@code watch KEY}: reads the task's tree every interval, follows the progress of its
 * unfinished tasks, and draws the tree when it changed, until the root task is finished.
 */
final class TreeWatch {

  /** At most this many event streams are open at once, for the progress of unfinished tasks. */
  private static final int MAX_STREAMS = 16;

  private final SwitchboardClient client;
  private final PrintWriter out;
  private final boolean interactive;
  private final int maxTasks;
  private final long intervalMs;

  TreeWatch(SwitchboardClient client, PrintWriter out, boolean interactive, int maxTasks, long intervalMs) {
    this.client = client;
    this.out = out;
    this.interactive = interactive;
    this.maxTasks = maxTasks;
    this.intervalMs = intervalMs;
  }

  /** Watches {@code key} until it is finished; the exit code follows its outcome. */
  int watch(TaskKey key) {
    try (ProgressBoard board = new ProgressBoard(client, MAX_STREAMS)) {
      List<String> shown = List.of();
      while (true) {
        Optional<TaskTree> read = TaskTree.read(client, key, maxTasks);
        if (read.isEmpty()) {
          throw new FatalException("not_found: no task " + key + " is known to the coordinator");
        }
        TaskTree tree = read.get();
        board.follow(unfinished(tree));
        List<String> lines = TreeView.lines(tree, board.latest());
        if (!lines.equals(shown)) {
          draw(shown, lines);
          shown = lines;
        }
        TaskSnapshot root = tree.root();
        if (root.status().isTerminal()) {
          StepOutcome outcome = root.outcome();
          if (outcome != null) {
            out.println(String.format("%-9s %s", "result", EventPrinter.result(outcome)));
          }
          out.flush();
          return outcome != null && outcome.success() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        pause();
      }
    }
  }

  private static Set<TaskKey> unfinished(TaskTree tree) {
    Set<TaskKey> keys = new LinkedHashSet<>();
    for (TaskTree.Row row : tree.rows()) {
      if (!row.task().status().isTerminal()) {
        keys.add(row.task().key());
      }
    }
    return keys;
  }

  /** At a terminal the previous drawing is replaced; otherwise each new drawing follows a blank line. */
  private void draw(List<String> previous, List<String> lines) {
    if (interactive && !previous.isEmpty()) {
      out.print("\033[" + previous.size() + "F\033[J");
    } else if (!previous.isEmpty()) {
      out.println();
    }
    lines.forEach(out::println);
    out.flush();
  }

  private void pause() {
    try {
      Thread.sleep(intervalMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while watching", e);
    }
  }
}
