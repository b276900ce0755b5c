package io.switchboard.worker.internal.registry;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.wire.RegistryRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the agents this worker's runner serves, learned from {@code <p>.registry}: an
 * {@code agent_registered} record adds its agent when its runner is ours and removes it otherwise (it
 * moved), a tombstone of {@code agent:<name>} removes it; worker heartbeats are ignored. Unreadable
 * records are dead-lettered. Announced in the worker's heartbeats; tasks carry their own spec, so this
 * list is informational.
 */
public final class AgentDirectory implements Consumer<ConsumerRecord<String, byte[]>> {

  private static final Logger log = LoggerFactory.getLogger(AgentDirectory.class);
  private static final String AGENT_KEY = "agent:";

  private final String runner;
  private final DeadLetters deadLetters;
  private final Set<String> names = ConcurrentHashMap.newKeySet();

  public AgentDirectory(String runner, DeadLetters deadLetters) {
    this.runner = runner;
    this.deadLetters = deadLetters;
  }

  /** The agents served, sorted. */
  public List<String> names() {
    return names.stream().sorted().toList();
  }

  @Override
  public void accept(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      if (record.key() != null && record.key().startsWith(AGENT_KEY)) {
        names.remove(record.key().substring(AGENT_KEY.length()));
      }
      return; // a tombstone: a removed agent, or a worker that left
    }
    switch (WireRecords.read(record, RegistryRecord.class)) {
      case Decoded.Invalid<RegistryRecord> invalid -> deadLetters.unreadable(record, invalid.rejection());
      case Decoded.Ok<RegistryRecord> ok -> apply(ok.value());
    }
  }

  private void apply(RegistryRecord entry) {
    switch (entry) {
      case RegistryRecord.AgentRegistered registered -> {
        String name = registered.spec().name();
        if (runner.equals(registered.spec().runner())) {
          if (names.add(name)) {
            log.debug("agent {} is served by runner {}", name, runner);
          }
        } else {
          names.remove(name);
        }
      }
      case RegistryRecord.WorkerHeartbeat heartbeat -> {
        // other workers' liveness is the coordinator's concern
      }
    }
  }
}
