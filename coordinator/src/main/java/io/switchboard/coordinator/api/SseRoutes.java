package io.switchboard.coordinator.api;

import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.coordinator.feed.TaskEventBus;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.TaskState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/tasks/{key}/events}: Server-Sent Events for one task. The stream opens with the task's
 * status, carries {@code status}, {@code log}, {@code progress} and {@code heartbeat} events as they
 * happen, and ends after the {@code result} event. Each stream is written by its own virtual thread.
 */
final class SseRoutes {

  private static final Logger log = LoggerFactory.getLogger(SseRoutes.class);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final CoordinatorState state;
  private final TaskEventBus bus;

  SseRoutes(CoordinatorState state, TaskEventBus bus) {
    this.state = state;
    this.bus = bus;
  }

  boolean matches(String method, List<String> segments) {
    return method.equals("GET") && segments.size() == 5 && segments.get(0).equals("v1")
        && segments.get(1).equals("tasks") && segments.get(4).equals("events");
  }

  void stream(List<String> segments, Response response, Callback callback) {
    TaskKey key = new TaskKey(segments.get(2), segments.get(3));
    Thread.ofVirtual().name("sse-" + key).start(() -> run(key, response, callback));
  }

  private void run(TaskKey key, Response response, Callback callback) {
    TaskEventBus.Subscription subscription = bus.subscribe(key); // before reading the state: miss nothing
    try {
      TaskState task = state.task(key).orElse(null);
      if (task == null) {
        byte[] body = JsonCodec.encode(TaskRoutes.notFound(key).body());
        response.setStatus(404);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return;
      }
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      TaskSnapshot snapshot = task.snapshot();
      send(response, "status", snapshot);
      if (snapshot.status().isTerminal()) {
        send(response, "result", snapshot.outcome());
        response.write(true, null, callback);
        return;
      }
      while (true) {
        TaskEventBus.Event event = subscription.queue().poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
          write(response, ": keep-alive\n\n");
          continue;
        }
        send(response, event.name(), event.data());
        if (event.name().equals("result")) {
          break;
        }
      }
      response.write(true, null, callback);
    } catch (Exception e) {
      log.debug("event stream of {} ended: {}", key, e.toString());
      callback.failed(e);
    } finally {
      bus.unsubscribe(subscription);
    }
  }

  private static void send(Response response, String event, Object data) throws Exception {
    write(response, "event: " + event + "\ndata: " + JsonCodec.encodeString(data) + "\n\n");
  }

  private static void write(Response response, String text) throws Exception {
    FutureCallback written = new FutureCallback();
    response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
    written.get(30, TimeUnit.SECONDS);
  }
}
