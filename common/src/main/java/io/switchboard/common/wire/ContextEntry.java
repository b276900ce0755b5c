package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.model.ContextEntryKind;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a task's context (its conversation). Appended entries are records of the {@code
 * <p>.contexts} topic, keyed by {@code contextId}; the prompt and output entries of a task are
 * composed on read from the intent and the result, never written twice. {@code GET
 * /v1/contexts/{id}} answers with these objects.
 *
 * @param contextId the context it belongs to: the key of the task that owns the context
 * @param seq its position in the owner's view, assigned by the coordinator; strictly increasing
 *     within a context (an inherited context goes on after the parent's snapshot)
 * @param kind {@code prompt}, {@code message} or {@code output}
 * @param role who speaks, e.g. {@code user}, {@code assistant}, {@code tool}
 * @param content the text
 * @param data structured content (a tool call, the task's input); null when none
 * @param author the task that wrote it; null when unknown (e.g. a client outside the tree)
 * @param at when the coordinator took it
 */
public record ContextEntry(
    String contextId,
    long seq,
    ContextEntryKind kind,
    String role,
    String content,
    JsonNode data,
    String author,
    Instant at) {

  public ContextEntry {
    Objects.requireNonNull(contextId, "contextId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, got " + seq);
    }
    data = Nodes.absentIfNull(data);
  }
}
