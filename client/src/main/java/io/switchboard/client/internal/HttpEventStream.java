package io.switchboard.client.internal;

import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An open {@code text/event-stream}, read line by line on its own virtual thread and parsed with
 * {@link SseParser}. Closing it closes the body, which aborts the HTTP exchange.
 */
public final class HttpEventStream implements EventStream {

  private final InputStream body;
  private final Consumer<ServerSentEvent> onEvent;
  private final String description;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean closed;

  private HttpEventStream(InputStream body, Consumer<ServerSentEvent> onEvent, String description) {
    this.body = body;
    this.onEvent = onEvent;
    this.description = description;
  }

  /**
   * Opens {@code path} on {@code transport} and starts delivering its events; throws like {@link
   * HttpTransport#openStream} when it cannot be opened.
   */
  public static HttpEventStream open(
      HttpTransport transport, String path, Consumer<ServerSentEvent> onEvent) {
    InputStream body = transport.openStream(path, "text/event-stream");
    HttpEventStream stream =
        new HttpEventStream(body, onEvent, "events of " + transport.baseUrl() + path);
    Thread.ofVirtual().name("switchboard-events " + path).start(stream::read);
    return stream;
  }

  private void read() {
    SseParser parser = new SseParser();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while (!closed && (line = lines.readLine()) != null) {
        var event = parser.accept(line);
        if (event.isPresent() && !closed) {
          onEvent.accept(event.get());
        }
      }
      done.complete(null);
    } catch (IOException e) {
      if (closed) {
        done.complete(null);
      } else {
        done.completeExceptionally(
            new CoordinatorUnreachableException(
                "lost the " + description + ": " + e.getMessage(), e, 0, true));
      }
    } catch (RuntimeException | Error e) {
      closeBody();
      done.completeExceptionally(e);
    }
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeBody();
    }
  }

  private void closeBody() {
    try {
      body.close();
    } catch (IOException ignored) {
      // the exchange is being abandoned; nothing to report
    }
  }
}
