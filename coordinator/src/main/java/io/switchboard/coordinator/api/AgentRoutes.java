package io.switchboard.coordinator.api;

import static io.switchboard.coordinator.api.InvocationRoutes.done;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.coordinator.registry.AgentDirectory;
import io.switchboard.coordinator.registry.AgentPublisher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code /v1/agents}: the registry; a PUT is durable in the registry topic before it answers. */
final class AgentRoutes {

  private final AgentDirectory agents;
  private final AgentPublisher publisher;
  private final Auth auth;

  AgentRoutes(AgentDirectory agents, AgentPublisher publisher, Auth auth) {
    this.agents = agents;
    this.publisher = publisher;
    this.auth = auth;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/v1/agents", call -> done(Reply.ok(Map.of("agents", agents.all())))),
        Route.of("GET", "/v1/agents/{name}", this::get),
        Route.of("PUT", "/v1/agents/{name}", this::put));
  }

  private CompletableFuture<Reply> get(Call call) {
    String name = call.segment(2);
    return done(agents.find(name).map(Reply::ok).orElseGet(() ->
        Reply.error(Rejection.of(RejectionCode.NOT_FOUND, "name", "no agent named '" + name + "'"))));
  }

  private CompletableFuture<Reply> put(Call call) {
    String name = call.segment(2);
    AgentSpec spec;
    switch (JsonCodec.decode(call.body(), AgentSpec.class)) {
      case Decoded.Invalid<AgentSpec> bad -> {
        return done(Reply.error(bad.rejection()));
      }
      case Decoded.Ok<AgentSpec> ok -> spec = ok.value();
    }
    if (!spec.name().equals(name)) {
      return done(Reply.error(Rejection.of(RejectionCode.INVALID_VALUE, "name",
          "the body names agent '" + spec.name() + "' but the path names '" + name + "'")));
    }
    if (spec.kind() instanceof AgentKind.Command) {
      var denied = auth.checkAdmin(call.bearer());
      if (denied.isPresent()) {
        return done(denied.get());
      }
    }
    return publisher.publish(spec).handle((ok, error) -> error == null ? Reply.ok(spec)
        : Reply.error(503, "unavailable", "cannot write the agent to Kafka: " + error.getMessage()));
  }
}
