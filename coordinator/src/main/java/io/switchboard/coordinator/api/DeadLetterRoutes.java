package io.switchboard.coordinator.api;

import static io.switchboard.coordinator.api.InvocationRoutes.done;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.TaskKey;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.feed.DeadLetterView;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code /v1/dead-letters}: poison tasks and unreadable records, with the reason; a retry runs a poison
 * task again as its next attempt, or puts an unreadable record back on its topic.
 */
final class DeadLetterRoutes {

  private final DeadLetterView view;
  private final Engine engine;
  private final Producer<String, byte[]> producer;

  DeadLetterRoutes(DeadLetterView view, Engine engine, Producer<String, byte[]> producer) {
    this.view = view;
    this.engine = engine;
    this.producer = producer;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/v1/dead-letters", this::list),
        Route.of("POST", "/v1/dead-letters/{invocationId}/{taskId}/retry", this::retryTask),
        Route.of("POST", "/v1/dead-letters/{id}/retry", this::retryRecord));
  }

  private CompletableFuture<Reply> list(Call call) {
    int limit;
    try {
      limit = Integer.parseInt(call.param("limit").orElse("100"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      return done(Reply.error(Rejection.of(RejectionCode.INVALID_VALUE, "limit", "limit must be 1..1000")));
    }
    List<Map<String, Object>> letters = view.newest(limit).stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("key", e.letter().key());
      m.put("sourceTopic", e.letter().sourceTopic());
      m.put("partition", e.letter().partition());
      m.put("offset", e.letter().offset());
      m.put("reason", e.letter().reason());
      m.put("at", e.letter().at());
      m.put("value", e.letter().value());
      m.put("valueBase64", e.letter().valueBase64());
      return m;
    }).toList();
    return done(Reply.ok(Map.of("deadLetters", letters)));
  }

  /** A task's dead letter: the task runs again as its next attempt. */
  private CompletableFuture<Reply> retryTask(Call call) {
    TaskKey key = new TaskKey(call.segment(2), call.segment(3));
    if (view.latestOf(key.toString()).isEmpty()) {
      return done(Reply.error(Rejection.of(RejectionCode.NOT_FOUND, "key", "no dead letter for task " + key)));
    }
    return engine.retry(key).thenApply(attempt -> attempt
        .map(a -> Reply.of(202, Map.of("key", key.toString(), "attempt", a)))
        .orElseGet(() -> Reply.error(Rejection.conflict(key.taskId(), "task " + key + " is unknown or did not fail"))));
  }

  /** Any other dead letter (by id): its original record goes back on its topic. */
  private CompletableFuture<Reply> retryRecord(Call call) {
    var entry = view.byId(call.segment(2));
    if (entry.isEmpty()) {
      return done(Reply.error(Rejection.of(RejectionCode.NOT_FOUND, "id", "no dead letter " + call.segment(2))));
    }
    var letter = entry.get().letter();
    RecordHeaders headers = new RecordHeaders();
    letter.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
    var done = new CompletableFuture<Reply>();
    producer.send(new ProducerRecord<>(letter.sourceTopic(), null, letter.key(), letter.valueBytes(), headers),
        (meta, e) -> done.complete(e != null ? Reply.error(503, "unavailable", "cannot requeue: " + e.getMessage())
            : Reply.of(202, Map.of("id", entry.get().id(), "requeuedTo", letter.sourceTopic()))));
    return done;
  }
}
