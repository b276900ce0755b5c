package io.switchboard.client.internal;

import io.switchboard.client.ApiError;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.common.error.FatalException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Sends requests to one coordinator over HTTP/1.1 and maps what goes wrong: an I/O failure or a
 * 502/503/504 answer becomes {@link CoordinatorUnreachableException}, any other status outside the
 * expected ones a {@link SwitchboardApiException} with the decoded error object.
 */
public final class HttpTransport implements AutoCloseable {

  private static final Set<Integer> UNAVAILABLE = Set.of(502, 503, 504);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

  private final String base;
  private final String authorization;
  private final Duration requestTimeout;
  private final HttpClient http;

  /**
   * @param baseUrl the coordinator's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param token the bearer token; null or blank for none
   * @param connectTimeout how long to wait for a connection
   * @param requestTimeout how long to wait for an answer, on top of any long-poll wait
   */
  public HttpTransport(
      String baseUrl, String token, Duration connectTimeout, Duration requestTimeout) {
    URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
    if (uri.getScheme() == null
        || uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("not an http(s) URL: '" + baseUrl + "'");
    }
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.strip();
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The coordinator's base URL, without a trailing slash. */
  public String baseUrl() {
    return base;
  }

  /** An answer with its body read. */
  public record Response(int status, byte[] body) {}

  /**
   * Sends a request and reads the whole answer.
   *
   * @param method the HTTP method
   * @param path the path and query, already encoded, starting with {@code /}
   * @param jsonBody the JSON body; null for none
   * @param wait extra time the coordinator may take (a long poll), added to the request timeout
   * @param expected the statuses the caller handles itself; any other is mapped to an exception
   */
  public Response send(
      String method, String path, byte[] jsonBody, Duration wait, Set<Integer> expected) {
    HttpRequest.Builder request = request(path).timeout(requestTimeout.plus(wait));
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(jsonBody));
    }
    HttpResponse<byte[]> answer =
        exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray(), method, path);
    return check(new Response(answer.statusCode(), answer.body()), expected, method, path);
  }

  /**
   * Opens a streaming {@code GET}; the caller reads and closes the body. Fails like {@link #send}
   * when the status is not 200.
   */
  public InputStream openStream(String path, String accept) {
    HttpRequest request = request(path).header("Accept", accept).GET().build();
    HttpResponse<InputStream> answer =
        exchange(request, HttpResponse.BodyHandlers.ofInputStream(), "GET", path);
    if (answer.statusCode() == 200) {
      return answer.body();
    }
    try (InputStream body = answer.body()) {
      check(new Response(answer.statusCode(), body.readAllBytes()), Set.of(200), "GET", path);
    } catch (IOException e) {
      throw lost("GET", path, e);
    }
    throw new IllegalStateException("unreachable: a non-200 answer was not mapped");
  }

  /** The error of a non-2xx answer, or a generic one naming the status when it has none. */
  public static ApiError error(Response response) {
    return ErrorBodies.decode(response.status(), response.body());
  }

  private Response check(Response response, Set<Integer> expected, String method, String path) {
    int status = response.status();
    if (expected.contains(status)) {
      return response;
    }
    ApiError error = error(response);
    if (UNAVAILABLE.contains(status)) {
      throw new CoordinatorUnreachableException(
          "coordinator at "
              + base
              + " is unavailable ("
              + method
              + " "
              + path
              + " answered "
              + status
              + ": "
              + error.describe()
              + ")",
          null,
          status,
          false);
    }
    throw new SwitchboardApiException(status, error);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest request, BodyHandler<T> handler, String method, String path) {
    try {
      return http.send(request, handler);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CoordinatorUnreachableException(
          "cannot connect to the coordinator at " + base + ": " + describe(e), e, 0, false);
    } catch (IOException e) {
      throw lost(method, path, e);
    } catch (UnresolvedAddressException e) {
      throw new CoordinatorUnreachableException(
          "cannot connect to the coordinator at " + base + ": " + describe(e), e, 0, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("interrupted during " + method + " " + path, e);
    }
  }

  private CoordinatorUnreachableException lost(String method, String path, IOException e) {
    return new CoordinatorUnreachableException(
        "lost the connection to the coordinator at "
            + base
            + " during "
            + method
            + " "
            + path
            + ": "
            + describe(e),
        e,
        0,
        true);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Lets calls in flight finish for up to {@link #CLOSE_GRACE}, then aborts what is left (an open
   * event stream would otherwise hold the close forever).
   */
  @Override
  public void close() {
    http.shutdown();
    try {
      if (!http.awaitTermination(CLOSE_GRACE)) {
        http.shutdownNow();
      }
    } catch (InterruptedException e) {
      http.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
