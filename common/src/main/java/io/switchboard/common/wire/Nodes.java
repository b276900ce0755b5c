package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Normalizes optional JSON values: a JSON {@code null} reads as absent, so round trips are equal.
 */
final class Nodes {

  private Nodes() {}

  static JsonNode absentIfNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }
}
