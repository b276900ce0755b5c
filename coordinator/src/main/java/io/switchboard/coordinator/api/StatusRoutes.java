package io.switchboard.coordinator.api;

import static io.switchboard.coordinator.api.InvocationRoutes.done;

import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.registry.WorkerDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Liveness, readiness, metrics and the live workers. */
final class StatusRoutes {

  private final Readiness readiness;
  private final WorkerDirectory workers;
  private final ApiMetrics metrics;

  StatusRoutes(Readiness readiness, WorkerDirectory workers, ApiMetrics metrics) {
    this.readiness = readiness;
    this.workers = workers;
    this.metrics = metrics;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/healthz", call -> done(Reply.ok(Map.of("status", "ok")))),
        Route.of("GET", "/readyz", this::ready),
        Route.of("GET", "/metrics", call -> done(Reply.ok(new PrometheusText(metrics.scrape())))),
        Route.of("GET", "/v1/workers", call -> done(Reply.ok(Map.of("workers", workers.live())))));
  }

  private CompletableFuture<Reply> ready(Call call) {
    Readiness.State state = readiness.state();
    Map<String, Object> body = Map.of("state", state.wireName(), "detail", readiness.detail());
    return done(Reply.of(state == Readiness.State.RUNNING ? 200 : 503, body));
  }

  /** The Prometheus exposition text, written as it is rather than as JSON. */
  record PrometheusText(String text) {}
}
