package io.switchboard.coordinator.hook;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.wire.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in audit hook: every spawn and every termination goes to {@code <p>.audit} (task, parent,
 * agent, caller, time, outcome), keyed by task key.
 */
final class AuditHook implements SpawnHook {

  private static final Logger log = LoggerFactory.getLogger(AuditHook.class);

  private final HookContext context;

  AuditHook(HookContext context) {
    this.context = context;
  }

  @Override
  public void afterSpawn(Spawn spawn) {
    write(new AuditEvent(spawn.key(), spawn.parent(), spawn.agent(), spawn.caller(), AuditEvent.Kind.SPAWNED,
        spawn.at(), null));
  }

  @Override
  public void afterTerminate(TaskSnapshot snapshot, String caller) {
    write(new AuditEvent(snapshot.key(), snapshot.parent(), snapshot.agent(), caller, AuditEvent.Kind.TERMINATED,
        context.clock().instant(), snapshot.outcome()));
  }

  private void write(AuditEvent event) {
    context.producer().send(WireRecords.of(context.topics().audit(), event.taskKey().toString(), event),
        (meta, e) -> {
          if (e != null) {
            log.warn("audit record of {} not written: {}", event.taskKey(), e.toString());
          }
        });
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
