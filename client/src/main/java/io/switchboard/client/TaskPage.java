package io.switchboard.client;

import io.switchboard.common.model.TaskSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * One page of {@code GET /v1/tasks}.
 *
 * @param tasks the tasks of this page
 * @param next the cursor of the next page; null on the last page
 */
public record TaskPage(List<TaskSnapshot> tasks, String next) {

  public TaskPage {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /** The cursor of the next page, if there is one. */
  public Optional<String> nextCursor() {
    return Optional.ofNullable(next);
  }
}
