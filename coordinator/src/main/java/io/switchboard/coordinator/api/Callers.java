package io.switchboard.coordinator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Who called, as the audit records it: a fingerprint of the bearer token (never the token), or anonymous. */
final class Callers {

  private Callers() {}

  static String of(Optional<String> bearer) {
    if (bearer.isEmpty()) {
      return "anonymous";
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bearer.get().getBytes(StandardCharsets.UTF_8));
      return "token:" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
