package io.switchboard.coordinator.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as routes see it: the path split into segments, the query, the body bytes (empty for
 * GET), and the bearer token if any.
 */
public record Call(String method, List<String> segments, Map<String, String> query, byte[] body,
    Optional<String> bearer) {

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** The path segment at {@code index}. */
  public String segment(int index) {
    return segments.get(index);
  }
}
