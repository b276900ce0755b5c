package io.switchboard.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.internal.ClientJson;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a {@code text/event-stream}: its name ({@code event:}, default {@code message}), its
 * data (the {@code data:} lines joined with {@code \n}) and its {@code id:}, if any.
 *
 * <p>The task events of {@code GET /v1/tasks/{key}/events} are named {@code status} (data: a
 * TaskSnapshot), {@code progress}, {@code log}, {@code heartbeat} and {@code result} (data: the
 * outcome object).
 *
 * @param event the event's name
 * @param data the event's data
 * @param id the event's id; null when none was sent
 */
public record ServerSentEvent(String event, String data, String id) {

  /** The name of an event sent without an {@code event:} line. */
  public static final String DEFAULT_EVENT = "message";

  public ServerSentEvent {
    event = event == null || event.isEmpty() ? DEFAULT_EVENT : event;
    Objects.requireNonNull(data, "data");
  }

  /** The data parsed as JSON, if it is JSON. */
  public Optional<JsonNode> json() {
    try {
      return Optional.of(ClientJson.mapper().readTree(data));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
