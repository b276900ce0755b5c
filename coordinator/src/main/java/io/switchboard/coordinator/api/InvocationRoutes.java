package io.switchboard.coordinator.api;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationProgress;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.Join;
import io.switchboard.common.validate.InvocationValidator;
import io.switchboard.coordinator.dispatch.PlanResult;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import io.switchboard.coordinator.dispatch.RunnerTopics;
import io.switchboard.coordinator.dispatch.TaskPlanner;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.engine.SubmitOutcome;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** {@code POST /v1/invocations} and {@code GET /v1/invocations/{id}}: submit, then wait up to waitMs. */
final class InvocationRoutes {

  static final long DEFAULT_WAIT_MS = 30_000;
  static final long MAX_WAIT_MS = 3_600_000;

  private final InvocationValidator validator = new InvocationValidator();
  private final TaskPlanner planner;
  private final RunnerTopics runnerTopics;
  private final Engine engine;
  private final CoordinatorState state;
  private final ExecutorService blocking;
  private final UnaryOperator<PlannedInvocation> beforeSubmit;

  InvocationRoutes(TaskPlanner planner, RunnerTopics runnerTopics, Engine engine, CoordinatorState state,
      ExecutorService blocking, UnaryOperator<PlannedInvocation> beforeSubmit) {
    this.beforeSubmit = beforeSubmit;
    this.planner = planner;
    this.runnerTopics = runnerTopics;
    this.engine = engine;
    this.state = state;
    this.blocking = blocking;
  }

  List<Route> routes() {
    return List.of(
        Route.of("POST", "/v1/invocations", this::submit),
        Route.of("GET", "/v1/invocations/{id}", this::get));
  }

  private CompletableFuture<Reply> submit(Call call) {
    Long waitMs = waitMs(call);
    if (waitMs == null) {
      return invalidWait();
    }
    Invocation invocation;
    switch (JsonCodec.decode(call.body(), Invocation.class)) {
      case Decoded.Invalid<Invocation> bad -> {
        return done(Reply.error(bad.rejection()));
      }
      case Decoded.Ok<Invocation> ok -> invocation = ok.value();
    }
    List<Rejection> problems = validator.validate(invocation);
    if (!problems.isEmpty()) {
      return done(Reply.error(problems.get(0)));
    }
    Invocation normalized = invocation.normalized();
    return switch (planner.plan(normalized, Callers.of(call.bearer()))) {
      case PlanResult.Refused refused -> done(Reply.error(refused.rejection()));
      case PlanResult.Planned ok -> {
        List<String> unprovisioned = ok.plan().state().tasks().stream().map(TaskState::runner).distinct()
            .filter(runner -> !runnerTopics.isReady(runner)).toList();
        if (unprovisioned.isEmpty()) {
          yield submit(ok.plan(), waitMs);
        }
        // a runner's first task creates its topic and share group (Admin round trips): off the I/O threads
        yield CompletableFuture.runAsync(() -> unprovisioned.forEach(runnerTopics::ensure), blocking)
            .thenCompose(provisioned -> submit(ok.plan(), waitMs));
      }
    };
  }

  private CompletableFuture<Reply> submit(PlannedInvocation plan, long waitMs) {
    return engine.submit(beforeSubmit.apply(plan)).thenCompose(outcome -> answer(outcome, waitMs));
  }

  private CompletableFuture<Reply> answer(SubmitOutcome outcome, long waitMs) {
    return switch (outcome) {
      case SubmitOutcome.Refused refused -> done(Reply.error(refused.rejection()));
      case SubmitOutcome.Unavailable down -> done(Reply.error(503, "unavailable", down.message()));
      case SubmitOutcome.Accepted accepted -> {
        InvocationState invocation = accepted.invocation();
        long wait = invocation.join() == Join.DETACHED ? 0 : waitMs;
        yield await(invocation, wait).thenApply(reply -> accepted.existing() ? replayed(reply) : reply);
      }
    };
  }

  private CompletableFuture<Reply> get(Call call) {
    Long waitMs = waitMs(call);
    if (waitMs == null) {
      return invalidWait();
    }
    return state.invocation(call.segment(2))
        .map(invocation -> await(invocation, waitMs))
        .orElseGet(() -> done(Reply.error(Rejection.of(RejectionCode.NOT_FOUND, "id",
            "no invocation " + call.segment(2)))));
  }

  /** 200 with the result once done within {@code waitMs}, else 202 with the progress so far. */
  private static CompletableFuture<Reply> await(InvocationState invocation, long waitMs) {
    CompletableFuture<InvocationResult> waited = invocation.completion().copy();
    if (waitMs > 0) {
      waited.completeOnTimeout(null, waitMs, TimeUnit.MILLISECONDS);
    } else if (!waited.isDone()) {
      waited.complete(null);
    }
    return waited.thenApply(result -> {
      var p = invocation.progress();
      InvocationProgress progress = new InvocationProgress(p.total(), p.done(), p.failed(), p.cancelled(), p.running());
      if (result != null) {
        return Reply.ok(result.withProgress(progress));
      }
      return Reply.of(202, invocation.result().withProgress(progress))
          .withHeader("Location", "/v1/invocations/" + invocation.id());
    });
  }

  private static Reply replayed(Reply reply) {
    return reply.body() instanceof InvocationResult result ? new Reply(reply.status(), result.replayed(),
        reply.headers()) : reply;
  }

  private static Long waitMs(Call call) {
    String text = call.param("waitMs").orElse(null);
    if (text == null) {
      return DEFAULT_WAIT_MS;
    }
    try {
      long value = Long.parseLong(text);
      return value < 0 || value > MAX_WAIT_MS ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static CompletableFuture<Reply> invalidWait() {
    return done(Reply.error(Rejection.of(RejectionCode.INVALID_VALUE, "waitMs",
        "waitMs must be a whole number of milliseconds from 0 to " + MAX_WAIT_MS)));
  }

  static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
