package io.switchboard.client.stub;

/** api.md-shaped answers, written out by hand so the tests pin the wire format, not our encoder. */
public final class Bodies {

  private Bodies() {}

  /** A running InvocationResult with progress, and a field the client must ignore. */
  public static String running(String id, String join, int total, int done, int failed) {
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < total; i++) {
      tasks
          .append(i == 0 ? "" : ",")
          .append("{\"taskId\":\"")
          .append(i)
          .append("\",\"key\":\"")
          .append(id)
          .append('/')
          .append(i)
          .append("\"}");
    }
    return """
    {"invocationId": "%s", "join": "%s", "status": "running", "tasks": [%s],
     "progress": {"total": %d, "done": %d, "failed": %d, "cancelled": 0, "running": 1},
     "someFutureField": {"x": 1}}
    """
        .formatted(id, join, tasks, total, done, failed);
  }

  /** A finished single invocation. */
  public static String singleSucceeded(String id, String output) {
    return """
    {"invocationId": "%1$s", "join": "single", "status": "succeeded",
     "tasks": [{"taskId": "0", "key": "%1$s/0"}],
     "outcomes": [{"taskId": "0", "key": "%1$s/0", "success": true, "output": "%2$s",
                   "structured": null, "error": null, "attempts": 1, "replayed": false}]}
    """
        .formatted(id, output);
  }

  /** A finished single invocation that failed. */
  public static String singleFailed(String id, String code, String message) {
    return """
    {"invocationId": "%1$s", "join": "single", "status": "failed",
     "tasks": [{"taskId": "0", "key": "%1$s/0"}],
     "outcomes": [{"taskId": "0", "key": "%1$s/0", "success": false, "output": null,
                   "structured": null, "error": {"code": "%2$s", "message": "%3$s"},
                   "attempts": 2, "replayed": false}]}
    """
        .formatted(id, code, message);
  }

  /** A successful outcome object. */
  public static String ok(String id, String taskId, String output) {
    return """
    {"taskId": "%2$s", "key": "%1$s/%2$s", "success": true, "output": "%3$s",
     "structured": null, "error": null, "attempts": 1, "replayed": false}
    """
        .formatted(id, taskId, output);
  }

  /** A failed outcome object. */
  public static String failed(String id, String taskId, String code, String message) {
    return """
    {"taskId": "%2$s", "key": "%1$s/%2$s", "success": false, "output": null,
     "structured": null, "error": {"code": "%3$s", "message": "%4$s"}, "attempts": 1,
     "replayed": false}
    """
        .formatted(id, taskId, code, message);
  }

  /** A finished join-all invocation with these outcome objects (in target order). */
  public static String all(String id, String status, String... outcomes) {
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < outcomes.length; i++) {
      tasks
          .append(i == 0 ? "" : ",")
          .append("{\"taskId\":\"")
          .append(i)
          .append("\",\"key\":\"")
          .append(id)
          .append('/')
          .append(i)
          .append("\"}");
    }
    return """
    {"invocationId": "%s", "join": "all", "status": "%s", "tasks": [%s], "outcomes": [%s]}
    """
        .formatted(id, status, tasks, String.join(",", outcomes));
  }

  /** A TaskSnapshot. */
  public static String snapshot(String key, String status, String worker) {
    String[] parts = key.split("/", 2);
    return """
    {"key": "%s", "invocationId": "%s", "taskId": "%s", "agent": "general",
     "status": "%s", "parent": null, "children": [], "attempts": 1,
     "worker": %s, "runner": "default", "executor": "remote",
     "createdAt": "2025-01-01T00:00:00Z", "startedAt": null, "finishedAt": null,
     "outcome": null}
    """
        .formatted(key, parts[0], parts[1], status, worker == null ? "null" : "\"" + worker + "\"");
  }

  /** An api.md error body. */
  public static String error(String code, String field, String message) {
    return """
    {"error": {"code": "%s", "message": "%s", "field": %s}}
    """
        .formatted(code, message, field == null ? "null" : "\"" + field + "\"");
  }
}
