package io.switchboard.worker.kinds.http;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.model.AgentKind;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentContext;
import io.switchboard.worker.agent.AgentOutput;
import io.switchboard.worker.agent.AgentTask;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * POSTs the task JSON (the same object {@code command} agents read on stdin) to the agent's URL with
 * its headers. A 2xx body is the output; 429 fails {@code throttled} and 503 {@code transient} (both
 * retryable); any other status fails {@code agent_error} with the status and the end of the body. A
 * connection failure is {@code transient}. Cancellation aborts the request.
 */
final class HttpAgent implements Agent {

  static final int MAX_BODY = 8 * 1024 * 1024;
  private static final int TAIL_CHARS = 4 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final AgentKind.Http http;

  HttpAgent(AgentKind.Http http) {
    this.http = http;
  }

  @Override
  public AgentOutput run(AgentTask task, AgentContext context) throws InterruptedException {
    HttpRequest request;
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(http.url()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(task.toJsonBytes()))
          .header("Content-Type", "application/json");
      http.headers().forEach(builder::header);
      context.timeout().ifPresent(builder::timeout);
      request = builder.build();
    } catch (IllegalArgumentException e) {
      return AgentOutput.failed(ErrorCode.AGENT_ERROR, "invalid request to " + http.url() + ": " + e.getMessage());
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    try {
      CompletableFuture<HttpResponse<InputStream>> response =
          client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
      context.onCancel(() -> response.cancel(true));
      return answer(response.get());
    } catch (CancellationException e) {
      return cancelled();
    } catch (ExecutionException e) {
      // a cancel that aborts the exchange may surface as its I/O failure rather than as the cancellation
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return context.isCancelled() ? cancelled()
          : AgentOutput.failed(ErrorCode.TRANSIENT, "cannot reach " + http.url() + ": " + cause);
    } catch (IOException e) {
      return context.isCancelled() ? cancelled()
          : AgentOutput.failed(ErrorCode.TRANSIENT, "cannot read the answer of " + http.url() + ": " + e);
    } finally {
      client.shutdownNow();
    }
  }

  private static AgentOutput cancelled() {
    return AgentOutput.failed(ErrorCode.CANCELLED, "the request was cancelled");
  }

  private static AgentOutput answer(HttpResponse<InputStream> response) throws IOException {
    int status = response.statusCode();
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (status / 100 == 2) {
      if (body.length > MAX_BODY) {
        return AgentOutput.failed(ErrorCode.AGENT_ERROR, "output too large: more than " + MAX_BODY + " bytes");
      }
      return AgentOutput.completed(new String(body, StandardCharsets.UTF_8));
    }
    String message = "HTTP " + status + ": " + tail(body);
    return switch (status) {
      case 429 -> AgentOutput.failed(ErrorCode.THROTTLED, message);
      case 503 -> AgentOutput.failed(ErrorCode.TRANSIENT, message);
      default -> AgentOutput.failed(ErrorCode.AGENT_ERROR, message);
    };
  }

  private static String tail(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text;
  }
}
