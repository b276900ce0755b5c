package io.switchboard.worker.internal.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.wire.TaskEnvelope;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a task envelope's context reference into what the agent gets in its task JSON: {@code {"id",
 * "scope", "entries": [...]}}. An independent task's context is its own prompt, composed here without a
 * call; an inherited or shared one is read from the coordinator ({@code GET /v1/contexts/{id}}, page by
 * page). A coordinator that cannot be reached after a few tries is a {@link Unavailable}: the attempt
 * fails as retryable.
 */
public final class ContextResolver {

  /** The context could not be fetched; {@link #getMessage()} says why. */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private static final int TRIES = 5;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String coordinatorUrl;
  private final HttpClient http;

  /** {@code coordinatorUrl}: the coordinator's base URL; null when this worker does not know it. */
  public ContextResolver(String coordinatorUrl) {
    this.coordinatorUrl = coordinatorUrl == null ? null : coordinatorUrl.replaceAll("/+$", "");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The envelope with its context resolved into entries. */
  public TaskEnvelope resolve(TaskEnvelope envelope) throws Unavailable, InterruptedException {
    JsonNode reference = envelope.context();
    if (reference == null) {
      return envelope.withContext(independent(envelope));
    }
    String id = reference.path("id").asText(null);
    if (id == null || id.indexOf('/') < 0) {
      throw new Unavailable("the task's context reference has no context id: " + reference);
    }
    if (coordinatorUrl == null) {
      throw new Unavailable("context " + id + " cannot be fetched: this worker has no coordinator-url");
    }
    ObjectNode context = Json.mapper().createObjectNode();
    context.put("id", id);
    context.put("scope", reference.path("scope").asText());
    ArrayNode entries = context.putArray("entries");
    long after = 0;
    while (true) {
      JsonNode page = fetch(id, after);
      context.put("id", page.path("id").asText(id));
      page.path("entries").forEach(entries::add);
      if (page.path("next").isNull() || page.path("next").isMissingNode()) {
        return envelope.withContext(context);
      }
      after = page.path("next").asLong();
    }
  }

  /** {@code {id: the task's key, scope: independent, entries: [its prompt]}}. */
  private static JsonNode independent(TaskEnvelope envelope) {
    ObjectNode context = Json.mapper().createObjectNode();
    context.put("id", envelope.key().toString());
    context.put("scope", "independent");
    ObjectNode prompt = context.putArray("entries").addObject();
    prompt.put("contextId", envelope.key().toString());
    prompt.put("seq", 1);
    prompt.put("kind", "prompt");
    prompt.put("role", "user");
    prompt.put("content", envelope.prompt());
    prompt.set("data", envelope.input() == null ? prompt.nullNode() : envelope.input());
    prompt.putNull("author");
    prompt.put("at", envelope.createdAt().toString());
    return context;
  }

  private JsonNode fetch(String id, long after) throws Unavailable, InterruptedException {
    int slash = id.indexOf('/');
    URI uri = URI.create(coordinatorUrl + "/v1/contexts/" + segment(id.substring(0, slash)) + "/"
        + segment(id.substring(slash + 1)) + "?after=" + after);
    String last = "no answer";
    long backoff = 100;
    for (int i = 0; i < TRIES; i++) {
      try {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
          return Json.mapper().readTree(response.body());
        }
        last = "HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 503 && response.statusCode() < 500) {
          break; // 404 and the like do not get better by asking again
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(backoff);
      backoff = Math.min(backoff * 2, 2000);
    }
    throw new Unavailable("cannot fetch context " + id + " from " + coordinatorUrl + " at " + Instant.now() + ": "
        + last);
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
