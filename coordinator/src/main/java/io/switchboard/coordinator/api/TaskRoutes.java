package io.switchboard.coordinator.api;

import static io.switchboard.coordinator.api.InvocationRoutes.done;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.coordinator.engine.CancelOutcome;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.CoordinatorState.TaskFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@code /v1/tasks}: one task, a filtered page of tasks, and cancel. */
final class TaskRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final CoordinatorState state;
  private final Engine engine;

  TaskRoutes(CoordinatorState state, Engine engine) {
    this.state = state;
    this.engine = engine;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/v1/tasks", this::list),
        Route.of("GET", "/v1/tasks/{invocationId}/{taskId}", this::get),
        Route.of("POST", "/v1/tasks/{invocationId}/{taskId}/cancel", this::cancel));
  }

  static TaskKey key(Call call) {
    return new TaskKey(call.segment(2), call.segment(3));
  }

  private CompletableFuture<Reply> get(Call call) {
    TaskKey key = key(call);
    return done(state.task(key).<Reply>map(t -> Reply.ok(t.snapshot())).orElseGet(() -> notFound(key)));
  }

  private CompletableFuture<Reply> cancel(Call call) {
    TaskKey key = key(call);
    return engine.cancel(key, call.param("reason").orElse(null)).thenApply(outcome -> switch (outcome) {
      case CancelOutcome.NotFound n -> notFound(key);
      case CancelOutcome.AlreadyFinished f -> Reply.error(Rejection.conflict(key.taskId(),
          "task " + key + " already finished (" + f.status() + ")"));
      case CancelOutcome.Cancelling c -> {
        Map<String, Object> body = new HashMap<>();
        body.put("key", key);
        body.put("status", "cancelling");
        body.put("cancelled", c.cancelled());
        yield Reply.of(202, body);
      }
    });
  }

  private CompletableFuture<Reply> list(Call call) {
    TaskKey parent = null;
    Optional<String> parentText = call.param("parent");
    if (parentText.isPresent()) {
      try {
        parent = TaskKey.parse(parentText.get());
      } catch (IllegalArgumentException e) {
        return done(invalid("parent", "parent must be a task key <invocationId>/<taskId>"));
      }
    }
    TaskStatus status = null;
    if (call.param("status").isPresent()) {
      status = TaskStatus.fromWire(call.param("status").get()).orElse(null);
      if (status == null) {
        return done(invalid("status", "status must be one of queued, running, succeeded, failed, cancelled"));
      }
    }
    int limit = DEFAULT_LIMIT;
    if (call.param("limit").isPresent()) {
      try {
        limit = Integer.parseInt(call.param("limit").get());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        return done(invalid("limit", "limit must be 1.." + MAX_LIMIT));
      }
    }
    String cursor = call.param("cursor").filter(c -> !c.isBlank()).orElse(null);
    List<TaskSnapshot> page = state.list(new TaskFilter(parent, status, call.param("agent").orElse(null)),
        cursor, limit);
    Map<String, Object> body = new HashMap<>();
    body.put("tasks", page);
    body.put("next", page.size() == limit ? page.get(page.size() - 1).key().toString() : null);
    return done(Reply.ok(body));
  }

  static Reply notFound(TaskKey key) {
    return Reply.error(Rejection.of(RejectionCode.NOT_FOUND, "key", "no task " + key));
  }

  private static Reply invalid(String field, String message) {
    return Reply.error(Rejection.of(RejectionCode.INVALID_VALUE, field, message));
  }
}
