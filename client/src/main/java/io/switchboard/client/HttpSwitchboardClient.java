package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.internal.ClientJson;
import io.switchboard.client.internal.HttpEventStream;
import io.switchboard.client.internal.HttpTransport;
import io.switchboard.client.internal.HttpTransport.Response;
import io.switchboard.client.internal.PathCodec;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link SwitchboardClient} talking to a coordinator over HTTP/1.1 ({@code java.net.http}).
 * Thread-safe; share one per coordinator and close it when done.
 *
 * <pre>{@code
 * try (SwitchboardClient client = HttpSwitchboardClient.builder("http://127.0.0.1:8080").build()) {
 *   Submission answer = client.submit(invocation, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>A submit whose connection breaks after the request was sent throws {@link
 * CoordinatorUnreachableException} with {@code mayHaveTakenEffect() == true}: resubmitting is safe
 * only with a {@code workflowId}, which makes submission idempotent.
 */
public final class HttpSwitchboardClient implements SwitchboardClient {

  private static final Set<Integer> OK = Set.of(200);
  private static final Set<Integer> OK_OR_MISSING = Set.of(200, 404);

  private final HttpTransport transport;

  private HttpSwitchboardClient(HttpTransport transport) {
    this.transport = transport;
  }

  /** A client of the coordinator at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}). */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /** The coordinator's base URL. */
  public String baseUrl() {
    return transport.baseUrl();
  }

  @Override
  public Submission submit(Invocation invocation, Duration wait) {
    String path = "/v1/invocations" + PathCodec.query(Map.of("waitMs", wait.toMillis()));
    Response answer =
        transport.send("POST", path, JsonCodec.encode(invocation), wait, Set.of(200, 202));
    return new Submission(answer.status(), ClientJson.read(answer.body(), InvocationResult.class));
  }

  @Override
  public Optional<InvocationResult> invocation(String invocationId, Duration wait) {
    String path =
        "/v1/invocations/"
            + PathCodec.encode(invocationId)
            + PathCodec.query(Map.of("waitMs", wait.toMillis()));
    Response answer = transport.send("GET", path, null, wait, Set.of(200, 202, 404));
    return answer.status() == 404
        ? Optional.empty()
        : Optional.of(ClientJson.read(answer.body(), InvocationResult.class));
  }

  @Override
  public Optional<TaskSnapshot> task(TaskKey key) {
    Response answer = get(PathCodec.taskPath("/v1/tasks", key), OK_OR_MISSING);
    return answer.status() == 404
        ? Optional.empty()
        : Optional.of(ClientJson.read(answer.body(), TaskSnapshot.class));
  }

  @Override
  public TaskPage tasks(TaskQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("parent", query.parent());
    params.put("status", query.status() == null ? null : query.status().wireName());
    params.put("agent", query.agent());
    params.put("limit", query.limit());
    params.put("cursor", query.cursor());
    return ClientJson.read(get("/v1/tasks" + PathCodec.query(params), OK).body(), TaskPage.class);
  }

  @Override
  public CancelResult cancel(TaskKey key) {
    String path = PathCodec.taskPath("/v1/tasks", key) + "/cancel";
    Response answer = transport.send("POST", path, null, Duration.ZERO, Set.of(202, 404, 409));
    return switch (answer.status()) {
      case 202 -> new CancelResult.Cancelling(key, cancelledKeys(answer.body()));
      case 409 -> new CancelResult.AlreadyFinished(key, HttpTransport.error(answer).message());
      default -> new CancelResult.NotFound(key);
    };
  }

  @Override
  public List<AgentSpec> agents() {
    return ClientJson.agents(ClientJson.list(get("/v1/agents", OK).body(), "agents"));
  }

  @Override
  public Optional<AgentSpec> agent(String name) {
    Response answer = get("/v1/agents/" + PathCodec.encode(name), OK_OR_MISSING);
    return answer.status() == 404
        ? Optional.empty()
        : Optional.of(ClientJson.agent(ClientJson.tree(answer.body())));
  }

  @Override
  public AgentSpec putAgent(AgentSpec spec) {
    String path = "/v1/agents/" + PathCodec.encode(spec.name());
    Response answer =
        transport.send("PUT", path, JsonCodec.encode(spec), Duration.ZERO, Set.of(200, 201, 204));
    JsonNode body = answer.body().length == 0 ? null : ClientJson.tree(answer.body());
    return body != null && body.isObject() && body.has("kind") ? ClientJson.agent(body) : spec;
  }

  @Override
  public List<WorkerInfo> workers() {
    JsonNode list = ClientJson.list(get("/v1/workers", OK).body(), "workers");
    List<WorkerInfo> workers = new ArrayList<>(list.size());
    list.forEach(node -> workers.add(ClientJson.read(node, WorkerInfo.class)));
    return List.copyOf(workers);
  }

  @Override
  public EventStream events(TaskKey key, Consumer<ServerSentEvent> onEvent) {
    return HttpEventStream.open(
        transport, PathCodec.taskPath("/v1/tasks", key) + "/events", onEvent);
  }

  @Override
  public void close() {
    transport.close();
  }

  private Response get(String path, Set<Integer> expected) {
    return transport.send("GET", path, null, Duration.ZERO, expected);
  }

  /** The keys under {@code cancelled} of a 202 answer; empty when it does not list them. */
  private static List<TaskKey> cancelledKeys(byte[] body) {
    if (body.length == 0) {
      return List.of();
    }
    JsonNode cancelled = ClientJson.tree(body).path("cancelled");
    List<TaskKey> keys = new ArrayList<>();
    if (cancelled.isArray()) {
      cancelled.forEach(node -> keys.add(TaskKey.parse(node.asText())));
    }
    return keys;
  }

  /** Settings of an {@link HttpSwitchboardClient}. */
  public static final class Builder {
    private final String baseUrl;
    private String token;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** The bearer token sent with every call; null or blank for none. */
    public Builder token(String bearerToken) {
      this.token = bearerToken;
      return this;
    }

    /** How long to wait for a connection; default 2 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long to wait for an answer, on top of any requested long-poll wait; default 30 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** The client; fails on a base URL that is not {@code http(s)://host[:port]}. */
    public HttpSwitchboardClient build() {
      return new HttpSwitchboardClient(
          new HttpTransport(baseUrl, token, connectTimeout, requestTimeout));
    }
  }
}
