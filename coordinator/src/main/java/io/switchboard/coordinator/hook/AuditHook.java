package io.switchboard.coordinator.hook;

import io.switchboard.common.error.TaskError;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.wire.AuditBatch;
import io.switchboard.common.wire.AuditEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in audit hook: every spawn and every termination goes to {@code <p>.audit} (task, parent,
 * agent, caller, time, how it ended). The events of one engine batch are written per invocation, as
 * {@link AuditBatch} records keyed by the invocation id: a 10,000-target join costs a few dozen audit
 * records rather than 20,000.
 */
final class AuditHook implements SpawnHook {

  private static final Logger log = LoggerFactory.getLogger(AuditHook.class);

  /**
   * Bytes per estimated character (see {@link #charsOf}) a record's budget allows for: three for UTF-8 at
   * most, one more for JSON's escapes.
   */
  private static final int BYTES_PER_CHAR = 4;

  /** Characters of an event besides its strings: field names, the time, the kind, punctuation. */
  private static final int EVENT_OVERHEAD_CHARS = 160;

  private final HookContext context;
  /** The characters of events one record holds at most: {@code --max-record-bytes} however they encode. */
  private final int maxRecordChars;
  private final Map<String, List<AuditEvent>> pending = new LinkedHashMap<>();

  AuditHook(HookContext context) {
    this.context = context;
    this.maxRecordChars = context.maxRecordBytes() / BYTES_PER_CHAR;
  }

  @Override
  public void afterSpawn(Spawn spawn) {
    add(new AuditEvent(spawn.key(), spawn.parent(), spawn.agent(), spawn.caller(), AuditEvent.Kind.SPAWNED,
        spawn.at(), null));
  }

  @Override
  public void afterTerminate(TaskSnapshot snapshot, String caller) {
    add(new AuditEvent(snapshot.key(), snapshot.parent(), snapshot.agent(), caller, AuditEvent.Kind.TERMINATED,
        context.clock().instant(), snapshot.outcome() == null ? null : AuditEvent.Ending.of(snapshot.outcome())));
  }

  @Override
  public void afterBatch() {
    if (pending.isEmpty()) {
      return;
    }
    pending.forEach(this::write);
    pending.clear();
  }

  private void add(AuditEvent event) {
    pending.computeIfAbsent(event.taskKey().invocationId(), id -> new ArrayList<>()).add(event);
  }

  /** One record per {@link #maxRecordChars} of events, in order. */
  private void write(String invocationId, List<AuditEvent> events) {
    int from = 0;
    int chars = 0;
    for (int i = 0; i < events.size(); i++) {
      int size = charsOf(events.get(i));
      if (i > from && chars + size > maxRecordChars) {
        send(invocationId, events.subList(from, i));
        from = i;
        chars = 0;
      }
      chars += size;
    }
    send(invocationId, events.subList(from, events.size()));
  }

  private void send(String invocationId, List<AuditEvent> events) {
    context.producer().send(WireRecords.of(context.topics().audit(), invocationId, new AuditBatch(events)),
        (meta, e) -> {
          if (e != null) {
            log.warn("{} audit events of invocation {} not written: {}", events.size(), invocationId, e.toString());
          }
        });
  }

  /** About how many characters {@code event} takes as JSON. */
  private static int charsOf(AuditEvent event) {
    int chars = EVENT_OVERHEAD_CHARS + length(event.taskKey()) + length(event.parent()) + length(event.agent())
        + length(event.caller());
    TaskError error = event.outcome() == null ? null : event.outcome().error();
    if (error != null) {
      chars += length(error.message());
      for (String detail : error.details()) {
        chars += detail.length() + 4;
      }
    }
    return chars;
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }

  private static int length(TaskKey key) {
    return key == null ? 0 : key.invocationId().length() + 1 + key.taskId().length();
  }

  /** Registered as {@code audit}. */
  public static final class Factory implements SpawnHookFactory {
    @Override
    public String name() {
      return "audit";
    }

    @Override
    public SpawnHook create(HookContext context) {
      return new AuditHook(context);
    }
  }
}
