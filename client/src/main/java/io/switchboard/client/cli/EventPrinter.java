package io.switchboard.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.client.internal.ClientJson;
import io.switchboard.common.model.StepOutcome;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Words a task's events for {@code watch}, one line each: {@code status}, {@code progress}, {@code
 * log} and {@code result}; heartbeats are not shown, unknown events are shown raw.
 */
final class EventPrinter {

  private final PrintWriter out;

  EventPrinter(PrintWriter out) {
    this.out = out;
  }

  void print(ServerSentEvent event) {
    JsonNode data = event.json().orElse(null);
    String line =
        switch (event.event()) {
          case "heartbeat" -> null;
          case "status" -> data == null ? event.data() : status(data);
          case "progress" -> data == null ? event.data() : progress(data);
          case "log" -> data == null ? event.data() : log(data);
          case "result" -> outcome(event).map(EventPrinter::result).orElse(event.data());
          default -> event.data();
        };
    if (line != null) {
      out.println(String.format("%-9s %s", event.event(), line));
      out.flush();
    }
  }

  /** The outcome a {@code result} event carries, if it can be read. */
  static Optional<StepOutcome> outcome(ServerSentEvent event) {
    try {
      return event.json().map(node -> ClientJson.read(node, StepOutcome.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static String result(StepOutcome outcome) {
    return Outcomes.state(outcome).word() + "  " + Outcomes.oneLine(outcome);
  }

  private static String status(JsonNode data) {
    StringBuilder text = new StringBuilder(data.path("status").asText("?"));
    if (data.path("attempts").asInt() > 0) {
      text.append("  attempt ").append(data.path("attempts").asInt());
    }
    if (data.hasNonNull("worker")) {
      text.append("  worker ").append(data.get("worker").asText());
    }
    return text.toString();
  }

  static String progress(JsonNode data) {
    String message = data.path("message").asText("");
    if (data.hasNonNull("done") && data.hasNonNull("total")) {
      message +=
          (message.isEmpty() ? "" : "  ")
              + data.get("done").asInt()
              + "/"
              + data.get("total").asInt();
    }
    return message;
  }

  private static String log(JsonNode data) {
    String stream = data.path("stream").asText("");
    String line = data.has("line") ? data.path("line").asText("") : data.toString();
    return "stderr".equals(stream) ? "[stderr] " + line : line;
  }
}
