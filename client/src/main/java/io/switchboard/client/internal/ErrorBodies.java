package io.switchboard.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes api.md's error answer {@code {"error": {"code", "message", "field", "taskId", "line",
 * "column"}}}. An answer without that shape (a proxy's HTML page, an empty body) becomes the code
 * {@code http_<status>} with the start of the body as message.
 */
final class ErrorBodies {

  private static final int MAX_MESSAGE = 300;

  private ErrorBodies() {}

  static ApiError decode(int status, byte[] body) {
    JsonNode error = parse(body).path("error");
    if (error.isObject() && error.path("code").isTextual()) {
      return new ApiError(
          error.get("code").asText(),
          text(error, "message"),
          text(error, "field"),
          text(error, "taskId"),
          number(error, "line"),
          number(error, "column"));
    }
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > MAX_MESSAGE) {
      text = text.substring(0, MAX_MESSAGE) + "...";
    }
    return ApiError.of("http_" + status, text.isEmpty() ? "HTTP " + status : text);
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return ClientJson.mapper().missingNode();
    }
    try {
      return ClientJson.mapper().readTree(body);
    } catch (IOException e) {
      return ClientJson.mapper().missingNode();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Integer number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.canConvertToInt() ? value.intValue() : null;
  }
}
