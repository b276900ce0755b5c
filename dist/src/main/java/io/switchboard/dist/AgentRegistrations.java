package io.switchboard.dist;

import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.RegistryRecord;
import java.util.List;

/** Agents written to the registry topic by a process at start (a worker's {@code --agents FILE}, dev's echo). */
final class AgentRegistrations {

  private AgentRegistrations() {}

  /** Writes each spec to the registry topic and waits until Kafka has them. */
  static void publish(KafkaClients clients, Topics topics, List<AgentSpec> specs) throws Exception {
    try (var producer = clients.producer("switchboard-agents")) {
      for (AgentSpec spec : specs) {
        var record = new RegistryRecord.AgentRegistered(spec);
        producer.send(WireRecords.of(topics.registry(), record.recordKey(), record)).get();
      }
    }
  }
}
