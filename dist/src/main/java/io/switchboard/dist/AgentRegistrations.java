package io.switchboard.dist;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.topic.Topics;
import io.switchboard.common.wire.RegistryRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Agents written to the registry topic by a process at start ({@code --agents FILE}, dev's echo). */
final class AgentRegistrations {

  private AgentRegistrations() {}

  /** Reads a JSON array of agent specs; an invalid file names the field at fault. */
  static List<AgentSpec> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("agents", "cannot read " + file + ": " + e.getMessage());
    }
    return switch (JsonCodec.decode(bytes, new TypeReference<List<AgentSpec>>() {})) {
      case Decoded.Ok<List<AgentSpec>> ok -> ok.value();
      case Decoded.Invalid<List<AgentSpec>> bad -> throw new ConfigException("agents", file + ": "
          + bad.rejection().code().wireName() + " at " + bad.rejection().field() + ": " + bad.rejection().message());
    };
  }

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
