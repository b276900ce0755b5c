package io.switchboard.coordinator.api;

import io.switchboard.common.error.Rejection;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, a JSON body, and headers. */
public record Reply(int status, Object body, Map<String, String> headers) {

  public Reply {
    headers = Map.copyOf(headers);
  }

  public static Reply ok(Object body) {
    return new Reply(200, body, Map.of());
  }

  public static Reply of(int status, Object body) {
    return new Reply(status, body, Map.of());
  }

  /** The api.md error body for a refusal, with its HTTP status. */
  public static Reply error(Rejection rejection) {
    return new Reply(rejection.httpStatus(), Map.of("error", rejection), Map.of());
  }

  /** An error that is not a refusal of the request (e.g. 503 when Kafka is unavailable). */
  public static Reply error(int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return new Reply(status, Map.of("error", error), Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, more);
  }
}
