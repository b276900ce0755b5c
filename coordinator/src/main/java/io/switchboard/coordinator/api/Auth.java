package io.switchboard.coordinator.api;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens (api.md "Auth"): with tokens configured every {@code /v1} call needs one (401 without);
 * defining a {@code command} agent needs the admin token when one is configured (403 for others).
 * Without tokens (`switchboard dev` on loopback) everything is allowed.
 */
final class Auth {

  private final Set<String> apiTokens;
  private final Optional<String> adminToken;

  Auth(Set<String> apiTokens, Optional<String> adminToken) {
    this.apiTokens = Set.copyOf(apiTokens);
    this.adminToken = adminToken;
  }

  /** A refusal when a {@code /v1} call lacks a valid token. */
  Optional<Reply> check(List<String> segments, Optional<String> bearer) {
    if (apiTokens.isEmpty() || segments.isEmpty() || !segments.get(0).equals("v1")) {
      return Optional.empty();
    }
    if (bearer.isEmpty()) {
      return Optional.of(Reply.error(Rejection.of(RejectionCode.UNAUTHORIZED, null,
          "this coordinator needs 'Authorization: Bearer <token>'")));
    }
    if (!apiTokens.contains(bearer.get()) && !adminToken.equals(bearer)) {
      return Optional.of(Reply.error(Rejection.of(RejectionCode.UNAUTHORIZED, null, "unknown token")));
    }
    return Optional.empty();
  }

  /** A refusal when {@code bearer} may not define agents that run programs on workers. */
  Optional<Reply> checkAdmin(Optional<String> bearer) {
    if (adminToken.isEmpty() || adminToken.equals(bearer)) {
      return Optional.empty();
    }
    if (bearer.isEmpty()) {
      return Optional.of(Reply.error(Rejection.of(RejectionCode.UNAUTHORIZED, null,
          "defining a command agent needs the admin token")));
    }
    return Optional.of(Reply.error(Rejection.of(RejectionCode.FORBIDDEN, null,
        "defining a command agent needs the admin token")));
  }
}
