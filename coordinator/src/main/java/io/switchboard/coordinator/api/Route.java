package io.switchboard.coordinator.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A method and a path pattern ({@code {name}} matches one segment) with what answers it. Routes with a
 * body read it first; SSE routes take over the response themselves.
 */
public record Route(String method, List<String> pattern, Function<Call, CompletableFuture<Reply>> handler) {

  public static Route of(String method, String path, Function<Call, CompletableFuture<Reply>> handler) {
    return new Route(method, PathSegments.split(path), handler);
  }

  public boolean matchesPath(List<String> segments) {
    if (segments.size() != pattern.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (!(p.startsWith("{") && p.endsWith("}")) && !p.equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }
}
