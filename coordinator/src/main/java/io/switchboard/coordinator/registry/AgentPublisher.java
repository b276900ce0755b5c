package io.switchboard.coordinator.registry;

import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.wire.RegistryRecord;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * Registers agents: the spec is written to the registry topic (compacted, keyed {@code agent:<name>})
 * and, once Kafka has it, is in the directory at once, so the next submit can use it.
 */
public final class AgentPublisher {

  private final Producer<String, byte[]> producer;
  private final String registryTopic;
  private final AgentDirectory agents;

  public AgentPublisher(Producer<String, byte[]> producer, String registryTopic, AgentDirectory agents) {
    this.producer = producer;
    this.registryTopic = registryTopic;
    this.agents = agents;
  }

  public CompletableFuture<AgentSpec> publish(AgentSpec spec) {
    var record = new RegistryRecord.AgentRegistered(spec);
    var done = new CompletableFuture<AgentSpec>();
    producer.send(WireRecords.of(registryTopic, record.recordKey(), record), (meta, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
      } else {
        agents.put(spec);
        done.complete(spec);
      }
    });
    return done;
  }
}
