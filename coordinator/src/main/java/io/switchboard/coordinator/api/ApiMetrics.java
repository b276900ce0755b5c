package io.switchboard.coordinator.api;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/** Request timers by route and status, in the coordinator's Prometheus registry. */
final class ApiMetrics {

  private final PrometheusMeterRegistry registry;

  ApiMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void request(String route, int status, long nanos) {
    Timer.builder("switchboard.http.requests")
        .description("HTTP requests served by the coordinator")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  String scrape() {
    return registry.scrape();
  }
}
