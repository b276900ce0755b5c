package io.switchboard.client.internal;

import io.switchboard.client.ApiError;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.common.error.FatalException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends requests to one coordinator over HTTP/1.1 and maps what goes wrong: an I/O failure or a
 * 502/503/504 answer becomes {@link CoordinatorUnreachableException}, any other status outside the
 * expected ones a {@link SwitchboardApiException} with the decoded error object.
 *
 * <p>On Apache HttpClient 5's classic (blocking) client with a pool of kept-alive connections: the calling
 * thread writes the request and reads the answer itself, with no hand-off to a selector thread and back
 * ({@code java.net.http}'s way), ~0.4 ms less per call on a local coordinator (docs/performance.md, round 7).
 */
public final class HttpTransport implements AutoCloseable {

  private static final Set<Integer> UNAVAILABLE = Set.of(502, 503, 504);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
  /** Connections kept per coordinator: SDK calls made in parallel each hold one while they wait. */
  private static final int MAX_CONNECTIONS = 256;

  private final String base;
  private final String authorization;
  private final Duration requestTimeout;
  private final Timeout connectTimeout;
  private final CloseableHttpClient http;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Set<StreamBody> openStreams = ConcurrentHashMap.newKeySet();

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
    this.connectTimeout = Timeout.of(connectTimeout);
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(this.connectTimeout)
                            // a kept-alive connection idle for a second is checked before use: one
                            // the coordinator closed in between is not handed to a POST
                            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                            .build())
                    .build())
            .setRetryStrategy(new ConnectionRetries())
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
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
    HttpUriRequestBase request = request(method, path, Timeout.of(requestTimeout.plus(wait)));
    if (jsonBody != null) {
      request.setEntity(new ByteArrayEntity(jsonBody, ContentType.APPLICATION_JSON));
    }
    inFlight.incrementAndGet();
    try {
      Response answer =
          http.execute(
              request,
              response ->
                  new Response(
                      response.getCode(),
                      response.getEntity() == null
                          ? new byte[0]
                          : EntityUtils.toByteArray(response.getEntity())));
      return check(answer, expected, method, path);
    } catch (IOException e) {
      throw failed(method, path, e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * Opens a streaming {@code GET}; the caller reads and closes the body. Fails like {@link #send}
   * when the status is not 200.
   */
  public InputStream openStream(String path, String accept) {
    HttpUriRequestBase request = request("GET", path, Timeout.DISABLED);
    request.setHeader("Accept", accept);
    ClassicHttpResponse answer;
    try {
      answer = http.executeOpen(null, request, null);
    } catch (IOException e) {
      throw failed("GET", path, e);
    }
    if (answer.getCode() == 200 && answer.getEntity() != null) {
      try {
        StreamBody body = new StreamBody(answer.getEntity().getContent(), request, answer);
        openStreams.add(body);
        return body;
      } catch (IOException e) {
        request.cancel();
        closeQuietly(answer);
        throw failed("GET", path, e);
      }
    }
    try (answer) {
      byte[] body = answer.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(answer.getEntity());
      check(new Response(answer.getCode(), body), Set.of(200), "GET", path);
    } catch (IOException e) {
      throw failed("GET", path, e);
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

  /** A request with this transport's headers; {@code responseTimeout} bounds the wait for the answer. */
  private HttpUriRequestBase request(String method, String path, Timeout responseTimeout) {
    HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(base + path));
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    request.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(connectTimeout)
            .setResponseTimeout(responseTimeout)
            .build());
    return request;
  }

  /** What an I/O failure means: no connection at all, or one lost during the call. */
  private RuntimeException failed(String method, String path, IOException e) {
    if (e instanceof ConnectException
        || e instanceof ConnectTimeoutException
        || e instanceof UnknownHostException) {
      return new CoordinatorUnreachableException(
          "cannot connect to the coordinator at " + base + ": " + describe(e), e, 0, false);
    }
    if (Thread.currentThread().isInterrupted()) {
      return new FatalException("interrupted during " + method + " " + path, e);
    }
    return lost(method, path, e);
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
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    try {
      while ((inFlight.get() > 0 || !openStreams.isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    openStreams.forEach(StreamBody::close);
    http.close(CloseMode.IMMEDIATE);
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      // closing a stream that is going away anyway
    }
  }

  /**
   * Sends an idempotent request once more, at once, when the connection broke under it (a kept-alive
   * connection the coordinator had closed); never on a status: a 503 is the caller's to wait for (the SDK's
   * retries read {@code Retry-After}).
   */
  private static final class ConnectionRetries extends DefaultHttpRequestRetryStrategy {

    ConnectionRetries() {
      super(1, TimeValue.ZERO_MILLISECONDS);
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
      return false;
    }
  }

  /**
   * An event stream's body: closing it aborts the exchange, closing the connection under it (closing the
   * response alone would read an endless stream to its end to keep the connection).
   */
  private final class StreamBody extends FilterInputStream {
    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;

    StreamBody(InputStream body, HttpUriRequestBase request, ClassicHttpResponse response) {
      super(body);
      this.request = request;
      this.response = response;
    }

    @Override
    public void close() {
      openStreams.remove(this);
      request.cancel();
      closeQuietly(response);
    }
  }
}
