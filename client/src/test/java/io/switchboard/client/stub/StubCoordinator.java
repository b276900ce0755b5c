package io.switchboard.client.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in coordinator on 127.0.0.1 (JDK {@link HttpServer}) answering api.md-shaped JSON from
 * routes the test registers by method and raw path. It records every request, and can be stopped
 * and started again on the same port to play a restarting coordinator.
 */
public final class StubCoordinator implements AutoCloseable {

  /** A request as the stub received it; {@code path} and {@code query} are still encoded. */
  public record Request(
      String method, String path, String query, String body, String authorization) {}

  /** An answer. */
  public record Reply(int status, String contentType, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, "application/json", body, Map.of());
    }

    public static Reply text(int status, String body) {
      return new Reply(status, "text/plain", body, Map.of());
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Request request) throws Exception;
  }

  /** Writes a streaming answer itself (status 200 already sent, chunked). */
  @FunctionalInterface
  public interface StreamHandler {
    void stream(Request request, OutputStream body) throws Exception;
  }

  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Map<String, StreamHandler> streams = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile HttpServer server;
  private volatile ExecutorService executor;
  private volatile int port;

  /** A stub listening on a free port. */
  public static StubCoordinator start() throws IOException {
    StubCoordinator stub = new StubCoordinator();
    stub.listen(0);
    return stub;
  }

  public StubCoordinator on(String method, String path, Handler handler) {
    routes.put(method + " " + path, handler);
    return this;
  }

  public StubCoordinator onJson(String method, String path, int status, String body) {
    return on(method, path, request -> Reply.json(status, body));
  }

  public StubCoordinator onStream(String path, StreamHandler handler) {
    streams.put("GET " + path, handler);
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Stops listening and drops every open connection, as a crashed coordinator would. */
  public void stop() {
    HttpServer running = server;
    if (running != null) {
      running.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** Listens again on the same port, with the same routes. */
  public void restart() throws IOException {
    stop();
    listen(port);
  }

  @Override
  public void close() {
    stop();
  }

  private void listen(int wanted) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted);
    HttpServer created = null;
    for (int attempt = 0; created == null; attempt++) {
      try {
        created = HttpServer.create(address, 0);
      } catch (BindException e) {
        if (attempt > 50) {
          throw e;
        }
        sleep(100);
      }
    }
    executor = Executors.newVirtualThreadPerTaskExecutor();
    created.setExecutor(executor);
    created.createContext("/", this::serve);
    created.start();
    port = created.getAddress().getPort();
    server = created;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
              exchange.getRequestHeaders().getFirst("Authorization"));
      requests.add(request);
      String route = request.method() + " " + request.path();
      StreamHandler stream = streams.get(route);
      if (stream != null) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        stream.stream(request, exchange.getResponseBody());
        return;
      }
      Handler handler = routes.get(route);
      Reply reply =
          handler == null
              ? Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}")
              : handler.handle(request);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("stub handler failed", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
