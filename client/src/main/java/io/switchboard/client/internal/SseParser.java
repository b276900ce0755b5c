package io.switchboard.client.internal;

import io.switchboard.client.ServerSentEvent;
import java.util.Optional;

/**
 * Turns the lines of a {@code text/event-stream} into events, as the HTML standard describes:
 * {@code field: value} lines (one space after the colon is dropped), {@code data} lines joined with
 * {@code \n}, lines starting with {@code :} ignored as comments, and a blank line ending the event.
 * An event without data is not dispatched; an unfinished event at the end of the stream is dropped.
 * Not thread-safe: one parser per stream.
 */
public final class SseParser {

  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String event;
  private String id;

  /** Feeds one line (without its line terminator); returns the event it completes, if any. */
  public Optional<ServerSentEvent> accept(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.charAt(0) == ':') {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> event = value;
      case "id" -> id = value.indexOf('\0') >= 0 ? id : value;
      default -> {
        // "retry" and unknown fields: nothing this client uses
      }
    }
    return Optional.empty();
  }

  private Optional<ServerSentEvent> dispatch() {
    Optional<ServerSentEvent> complete =
        hasData ? Optional.of(new ServerSentEvent(event, data.toString(), id)) : Optional.empty();
    data.setLength(0);
    hasData = false;
    event = null;
    return complete;
  }
}
