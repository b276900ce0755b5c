package io.switchboard.client.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TaskPage;
import io.switchboard.client.TaskQuery;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task and its descendants as read at one moment, depth first, at most {@code maxTasks} of them:
 * what {@code watch} draws. Children are read a page at a time ({@code GET /v1/tasks?parent=}), so a
 * fan-out of thousands costs a bounded number of calls; what is left out is counted in {@link #hidden}.
 *
 * @param rows the tasks shown, depth first (the root first, at depth 0)
 * @param hidden how many descendants were not read because the budget was spent
 */
record TaskTree(List<Row> rows, int hidden) {

  /** One task in the tree, at {@code depth} (0 for the root). */
  record Row(int depth, TaskSnapshot task) {}

  TaskTree {
    rows = List.copyOf(rows);
  }

  TaskSnapshot root() {
    return rows.get(0).task();
  }

  /** The tree under {@code key}; empty when the coordinator does not know the task. */
  static Optional<TaskTree> read(SwitchboardClient client, TaskKey key, int maxTasks) {
    Optional<TaskSnapshot> root = client.task(key);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    List<Row> rows = new ArrayList<>();
    int[] hidden = {0};
    add(client, new Row(0, root.get()), rows, hidden, Math.max(1, maxTasks));
    return Optional.of(new TaskTree(rows, hidden[0]));
  }

  private static void add(SwitchboardClient client, Row row, List<Row> rows, int[] hidden, int budget) {
    rows.add(row);
    List<TaskKey> children = row.task().children() == null ? List.of() : row.task().children();
    if (children.isEmpty()) {
      return;
    }
    int seen = 0;
    String cursor = null;
    do {
      int room = budget - rows.size();
      if (room <= 0) {
        break;
      }
      TaskPage page = client.tasks(new TaskQuery(row.task().key(), null, null, Math.min(room, 100), cursor));
      for (TaskSnapshot child : page.tasks()) {
        if (rows.size() >= budget) {
          break;
        }
        seen++;
        add(client, new Row(row.depth() + 1, child), rows, hidden, budget);
      }
      cursor = page.next();
    } while (cursor != null);
    hidden[0] += Math.max(0, children.size() - seen);
  }
}
