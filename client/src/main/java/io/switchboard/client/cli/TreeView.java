package io.switchboard.client.cli;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Words a {@link TaskTree} for {@code watch}, one line a task: key, status, agent, attempt, worker,
 * how many of its children are done, and the task's latest progress report.
 */
final class TreeView {

  private TreeView() {}

  static List<String> lines(TaskTree tree, Map<TaskKey, String> progress) {
    List<TaskTree.Row> rows = tree.rows();
    List<String> lines = new ArrayList<>(rows.size() + 1);
    for (int i = 0; i < rows.size(); i++) {
      TaskTree.Row row = rows.get(i);
      lines.add(indent(rows, i) + describe(row.task(), rows, i, progress.get(row.task().key())));
    }
    if (tree.hidden() > 0) {
      lines.add(String.format("... and %,d more task(s) not shown (--max-tasks)", tree.hidden()));
    }
    return lines;
  }

  private static String describe(TaskSnapshot task, List<TaskTree.Row> rows, int index, String progress) {
    StringBuilder line = new StringBuilder(task.key().toString())
        .append("  ").append(task.status().wireName())
        .append("  ").append(task.agent());
    if (task.attempts() > 1) {
      line.append("  attempt ").append(task.attempts());
    }
    if (task.worker() != null && !task.status().isTerminal()) {
      line.append("  worker ").append(task.worker());
    }
    int children = task.children() == null ? 0 : task.children().size();
    if (children > 0) {
      line.append("  children ").append(doneChildren(rows, index)).append('/').append(children).append(" done");
    }
    if (progress != null && !progress.isEmpty() && !task.status().isTerminal()) {
      line.append("  ").append(progress);
    }
    if (task.status().isTerminal() && task.outcome() != null && !task.outcome().success()) {
      line.append("  ").append(Outcomes.oneLine(task.outcome()));
    }
    return line.toString();
  }

  /** Direct children of row {@code index} shown in a terminal status. */
  private static int doneChildren(List<TaskTree.Row> rows, int index) {
    int depth = rows.get(index).depth();
    int done = 0;
    for (int i = index + 1; i < rows.size() && rows.get(i).depth() > depth; i++) {
      if (rows.get(i).depth() == depth + 1 && rows.get(i).task().status().isTerminal()) {
        done++;
      }
    }
    return done;
  }

  /** The tree's branches in front of row {@code index}: "├─ " / "└─ " and "│  " for open ancestors. */
  private static String indent(List<TaskTree.Row> rows, int index) {
    int depth = rows.get(index).depth();
    if (depth == 0) {
      return "";
    }
    StringBuilder prefix = new StringBuilder();
    for (int level = 1; level < depth; level++) {
      prefix.append(hasLaterSibling(rows, index, level) ? "│  " : "   ");
    }
    prefix.append(hasLaterSibling(rows, index, depth) ? "├─ " : "└─ ");
    return prefix.toString();
  }

  /** Whether the ancestor of row {@code index} at {@code level} (or the row itself) has a later sibling. */
  private static boolean hasLaterSibling(List<TaskTree.Row> rows, int index, int level) {
    for (int i = index + 1; i < rows.size(); i++) {
      int depth = rows.get(i).depth();
      if (depth < level) {
        return false;
      }
      if (depth == level) {
        return true;
      }
    }
    return false;
  }
}
