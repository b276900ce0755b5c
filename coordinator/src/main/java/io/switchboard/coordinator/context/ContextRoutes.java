package io.switchboard.coordinator.context;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.ContextAppend;
import io.switchboard.common.model.ContextEntryKind;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.ContextEntry;
import io.switchboard.coordinator.api.Call;
import io.switchboard.coordinator.api.Reply;
import io.switchboard.coordinator.api.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/contexts/{invocationId}/{taskId}}: read a task's context (its view, paged by seq) and append
 * to it. An append is answered 201 only once it is durable in Kafka; bad input is refused before anything
 * is written.
 */
public final class ContextRoutes {

  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;
  /** A page stops after this much text, so a huge context never makes one huge answer. */
  static final int PAGE_BYTES = 4 * 1024 * 1024;

  private final ContextIndex index;
  private final ContextWriter writer;
  private final int maxRecordBytes;

  public ContextRoutes(ContextIndex index, ContextWriter writer, int maxRecordBytes) {
    this.index = index;
    this.writer = writer;
    this.maxRecordBytes = maxRecordBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.of("GET", "/v1/contexts/{invocationId}/{taskId}", this::get),
        Route.of("POST", "/v1/contexts/{invocationId}/{taskId}/entries", this::append));
  }

  private CompletableFuture<Reply> get(Call call) {
    TaskKey key = new TaskKey(call.segment(2), call.segment(3));
    Long after = number(call, "after", 0);
    Long upTo = number(call, "upTo", Long.MAX_VALUE);
    Long limit = number(call, "limit", DEFAULT_LIMIT);
    if (after == null || upTo == null) {
      return done(invalid(after == null ? "after" : "upTo", "must be a whole number >= 0"));
    }
    if (limit == null || limit < 1 || limit > MAX_LIMIT) {
      return done(invalid("limit", "limit must be 1.." + MAX_LIMIT));
    }
    var owner = index.ownerOf(key);
    if (owner.isEmpty()) {
      return done(notFound(key));
    }
    List<ContextEntry> page = new ArrayList<>();
    long[] bytes = {0};
    boolean complete = index.walk(owner.get(), after, upTo, entry -> {
      if (page.size() == limit || (!page.isEmpty() && bytes[0] >= PAGE_BYTES)) {
        return false;
      }
      page.add(entry);
      bytes[0] += entry.content() == null ? 0 : entry.content().length();
      return true;
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", owner.get().toString());
    body.put("scope", index.scopeOf(key).wireName());
    body.put("entries", page);
    body.put("next", complete || page.isEmpty() ? null : page.get(page.size() - 1).seq());
    body.put("open", index.isOpen(owner.get()));
    return done(Reply.ok(body));
  }

  private CompletableFuture<Reply> append(Call call) {
    TaskKey key = new TaskKey(call.segment(2), call.segment(3));
    ContextAppend body;
    switch (JsonCodec.decode(call.body(), ContextAppend.class)) {
      case Decoded.Invalid<ContextAppend> bad -> {
        return done(Reply.error(bad.rejection()));
      }
      case Decoded.Ok<ContextAppend> ok -> body = ok.value();
    }
    var problem = body.validate();
    if (problem.isPresent()) {
      return done(Reply.error(problem.get()));
    }
    int size = JsonCodec.encode(new ContextEntry(key.toString(), Long.MAX_VALUE, ContextEntryKind.MESSAGE,
        body.roleOrDefault(), body.content(), body.data(), body.author(), Instant.EPOCH)).length
        + key.toString().getBytes(StandardCharsets.UTF_8).length;
    if (size > maxRecordBytes) {
      return done(Reply.error(Rejection.of(RejectionCode.TOO_LARGE, body.data() == null ? "content" : "data",
          "the entry is " + size + " bytes; one entry must fit in a Kafka record (" + maxRecordBytes + " bytes)")));
    }
    return writer.append(key, body).thenApply(outcome -> switch (outcome) {
      case AppendOutcome.Appended appended -> Reply.of(201, appended.entry());
      case AppendOutcome.NotFound notFound -> notFound(notFound.key());
      case AppendOutcome.Closed closed -> Reply.error(Rejection.conflict(closed.owner().taskId(),
          "context " + closed.owner() + " is closed: its task finished"));
      case AppendOutcome.Unavailable down -> Reply.error(503, "unavailable", down.message());
    });
  }

  /** A query number, {@code fallback} when absent, null when not a whole number >= 0. */
  private static Long number(Call call, String name, long fallback) {
    String text = call.param(name).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      return value < 0 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Reply notFound(TaskKey key) {
    return Reply.error(Rejection.of(RejectionCode.NOT_FOUND, "id", "no context " + key + " (no such task)"));
  }

  private static Reply invalid(String field, String message) {
    return Reply.error(Rejection.of(RejectionCode.INVALID_VALUE, field, message));
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
