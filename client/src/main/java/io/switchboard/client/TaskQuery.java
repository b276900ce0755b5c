package io.switchboard.client;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;

/**
 * A filter for {@code GET /v1/tasks}: every non-null field narrows the list.
 *
 * @param parent only the children of this task
 * @param status only tasks in this status
 * @param agent only tasks run by this agent
 * @param limit at most this many tasks in the page; null for the coordinator's default
 * @param cursor where to continue: the {@code next} of the previous page; null for the first page
 */
public record TaskQuery(
    TaskKey parent, TaskStatus status, String agent, Integer limit, String cursor) {

  public TaskQuery {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  /** Every task, first page, default page size. */
  public static TaskQuery all() {
    return new TaskQuery(null, null, null, null, null);
  }

  /** The same query for the children of {@code parentKey}. */
  public TaskQuery withParent(TaskKey parentKey) {
    return new TaskQuery(parentKey, status, agent, limit, cursor);
  }

  /** The same query for tasks in {@code wanted} status. */
  public TaskQuery withStatus(TaskStatus wanted) {
    return new TaskQuery(parent, wanted, agent, limit, cursor);
  }

  /** The same query for tasks of {@code agentName}. */
  public TaskQuery withAgent(String agentName) {
    return new TaskQuery(parent, status, agentName, limit, cursor);
  }

  /** The same query with at most {@code max} tasks per page. */
  public TaskQuery withLimit(Integer max) {
    return new TaskQuery(parent, status, agent, max, cursor);
  }

  /** The same query continuing at {@code next} (a page's {@link TaskPage#next()}). */
  public TaskQuery withCursor(String next) {
    return new TaskQuery(parent, status, agent, limit, next);
  }
}
