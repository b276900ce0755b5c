package io.switchboard.coordinator.api;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.coordinator.Readiness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler in front of every route: matches the route (404/405), checks the token (401/403),
 * reads the body within the size limit (413) without holding a thread, runs the route and writes its
 * JSON (a large invocation answer that the engine completed is encoded on a server thread, not the
 * engine's). Any failure inside a route is a 500 with a message, never a dead connection.
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {

  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  /** A body up to this many times the limit is read and dropped so that its sender sees the 413. */
  private static final int DRAIN_FACTOR = 4;
  /** An invocation's answer with more tasks than this is encoded on a server thread, not the engine's. */
  private static final int LARGE_ANSWER_TASKS = 256;

  private final List<Route> routes;
  private final SseRoutes sse;
  private final Auth auth;
  private final int maxBodyBytes;
  private final ApiMetrics metrics;
  private final Readiness readiness;

  ApiHandler(List<Route> routes, SseRoutes sse, Auth auth, int maxBodyBytes, ApiMetrics metrics,
      Readiness readiness) {
    this.readiness = readiness;
    this.routes = routes;
    this.sse = sse;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long startNanos = System.nanoTime();
    String method = request.getMethod();
    List<String> segments = PathSegments.split(request.getHttpURI().getPath() == null ? "/"
        : request.getHttpURI().getPath());
    Optional<String> bearer = bearer(request);
    Optional<Reply> denied = auth.check(segments, bearer);
    if (denied.isPresent()) {
      write(response, callback, denied.get(), startNanos, "denied");
      return true;
    }
    // degraded (a fault, after the start): reads are served, new work is not
    boolean serving = readiness.isRunning()
        || (readiness.state() == Readiness.State.DEGRADED && "GET".equals(method));
    if (!serving && !segments.isEmpty() && segments.get(0).equals("v1")) {
      write(response, callback, Reply.error(503, "unavailable",
          "the coordinator is " + readiness.state().wireName() + " (" + readiness.detail() + "); retry shortly")
          .withHeader("Retry-After", "1"), startNanos, "not-ready");
      return true;
    }
    if (sse.matches(method, segments)) {
      sse.stream(segments, response, callback);
      return true;
    }
    Route route = null;
    boolean pathKnown = false;
    for (Route r : routes) {
      if (r.matchesPath(segments)) {
        pathKnown = true;
        if (r.method().equals(method)) {
          route = r;
          break;
        }
      }
    }
    if (route == null) {
      Reply reply = pathKnown ? Reply.error(405, "method_not_allowed", method + " is not allowed here")
          : Reply.error(Rejection.of(RejectionCode.NOT_FOUND, null, "no such resource: " + request.getHttpURI().getPath()));
      write(response, callback, reply, startNanos, "unmatched");
      return true;
    }
    Route matched = route;
    String routeName = method + " /" + String.join("/", route.pattern());
    Map<String, String> query = query(request);
    readBody(request, method).whenComplete((body, error) -> {
      if (error != null) {
        callback.failed(error);
        return;
      }
      byte[] bytes;
      switch (body) {
        case BodyReader.Body.TooLarge tooLarge -> {
          Reply reply = tooLarge();
          write(response, callback, tooLarge.drained() ? reply : reply.withHeader("Connection", "close"),
              startNanos, routeName);
          return;
        }
        case BodyReader.Body.Read read -> bytes = read.bytes();
      }
      Call call = new Call(method, segments, query, bytes, bearer);
      CompletableFuture<Reply> reply;
      try {
        reply = matched.handler().apply(call);
      } catch (RuntimeException e) {
        reply = CompletableFuture.failedFuture(e);
      }
      boolean later = !reply.isDone();
      reply.whenComplete((r, e) -> {
        if (e != null) {
          log.error("{} failed: {}", routeName, e.toString(), e);
          r = Reply.error(500, "internal", "the coordinator failed to answer: " + e.getMessage());
        }
        Reply answer = r;
        if (later && isLarge(answer)) {
          // completed by the engine thread, which would otherwise spend milliseconds encoding it
          request.getComponents().getExecutor().execute(() -> write(response, callback, answer, startNanos,
              routeName));
        } else {
          write(response, callback, answer, startNanos, routeName);
        }
      });
    });
    return true;
  }

  /** An answer whose encoding takes long enough to matter on the thread that completed it. */
  private static boolean isLarge(Reply reply) {
    return reply.body() instanceof InvocationResult result && result.tasks().size() > LARGE_ANSWER_TASKS;
  }

  private CompletableFuture<BodyReader.Body> readBody(Request request, String method) {
    if (!method.equals("POST") && !method.equals("PUT")) {
      return CompletableFuture.completedFuture(new BodyReader.Body.Read(new byte[0]));
    }
    return BodyReader.read(request, request.getLength(), maxBodyBytes, DRAIN_FACTOR * (long) maxBodyBytes);
  }

  private Reply tooLarge() {
    return Reply.error(Rejection.of(RejectionCode.TOO_LARGE, "body",
        "the request body is larger than " + maxBodyBytes + " bytes"));
  }

  private void write(Response response, Callback callback, Reply reply, long startNanos, String routeName) {
    if (reply.body() instanceof StatusRoutes.PrometheusText prometheus) {
      head(response, reply, "text/plain; version=0.0.4; charset=utf-8");
      response.write(true, ByteBuffer.wrap(prometheus.text().getBytes(StandardCharsets.UTF_8)), callback);
    } else {
      head(response, reply, "application/json");
      PooledBody.writeJson(response, reply.body(), response.getRequest().getComponents().getByteBufferPool(),
          callback);
    }
    metrics.request(routeName, reply.status(), System.nanoTime() - startNanos);
  }

  /** The status and headers; the reply's own headers come last, so they win. */
  private static void head(Response response, Reply reply, String contentType) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.setStatus(reply.status());
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
  }

  private static Optional<String> bearer(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).strip());
  }

  private static Map<String, String> query(Request request) {
    Fields fields = Request.extractQueryParameters(request);
    Map<String, String> query = new HashMap<>();
    for (Fields.Field field : fields) {
      query.put(field.getName(), field.getValue());
    }
    return query;
  }
}
