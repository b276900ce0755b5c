package io.switchboard.common.config;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.AgentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An {@code --agents FILE}: a JSON array of agent specs, as {@code PUT /v1/agents/{name}} takes them. */
public final class AgentFiles {

  private AgentFiles() {}

  /** The specs of {@code file}; an unreadable or invalid file is a configuration error naming the field. */
  public static List<AgentSpec> read(Path file) {
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
}
