package io.switchboard.client.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TaskPage;
import io.switchboard.client.TaskQuery;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard tasks}: a table of tasks (key, status, agent, attempts, worker), following the
 * {@code next} cursors until {@code --limit} tasks are shown or there are no more.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List tasks.")
public class TasksCommand extends ClientCommand {

  @Option(names = "--parent", paramLabel = "KEY", description = "Only the children of this task.")
  String parent;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only tasks in this status: queued, running, succeeded, failed, cancelled.")
  String status;

  @Option(names = "--agent", paramLabel = "AGENT", description = "Only tasks of this agent.")
  String agent;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N tasks (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  protected int execute(SwitchboardClient client) {
    if (limit < 1) {
      throw new OptionProblem("--limit", "must be >= 1, got " + limit);
    }
    TaskQuery query = new TaskQuery(parentKey(), statusFilter(), agent, null, null);
    List<TaskSnapshot> shown = new ArrayList<>();
    String next = null;
    do {
      TaskPage page = client.tasks(query.withLimit(limit - shown.size()).withCursor(next));
      page.tasks().stream().limit(limit - shown.size()).forEach(shown::add);
      next = page.next();
    } while (next != null && shown.size() < limit);
    Table table = new Table("KEY", "STATUS", "AGENT", "ATTEMPTS", "WORKER");
    for (TaskSnapshot task : shown) {
      table.row(task.key(), task.status().wireName(), task.agent(), task.attempts(), task.worker());
    }
    table.print(out());
    if (next != null) {
      err().println("(more tasks: raise --limit)");
    }
    return ExitCodes.OK;
  }

  private TaskKey parentKey() {
    try {
      return parent == null ? null : TaskKey.parse(parent);
    } catch (IllegalArgumentException e) {
      throw new OptionProblem("--parent", e.getMessage());
    }
  }

  private TaskStatus statusFilter() {
    if (status == null) {
      return null;
    }
    return TaskStatus.fromWire(status)
        .orElseThrow(
            () ->
                new OptionProblem(
                    "--status",
                    "expected queued, running, succeeded, failed or cancelled, got '"
                        + status
                        + "'"));
  }
}
