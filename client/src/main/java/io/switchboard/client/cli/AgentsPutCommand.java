package io.switchboard.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.client.ApiError;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.AgentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard agents put FILE}: registers each agent of a JSON file (an array of agent
 * objects, as {@code --agents} takes, or one object) with {@code PUT /v1/agents/{name}}. The file
 * is checked as strictly as the coordinator would before anything is sent.
 */
@Command(
    name = "put",
    mixinStandardHelpOptions = true,
    description = "Register or replace the agents of a JSON file (an array or one object).")
public class AgentsPutCommand extends ClientCommand {

  private static final TypeReference<List<AgentSpec>> AGENT_LIST = new TypeReference<>() {};

  @Parameters(index = "0", paramLabel = "FILE", description = "The JSON file.")
  Path file;

  @Override
  protected int execute(SwitchboardClient client) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new OptionProblem("FILE", "cannot read " + file + ": " + e.getMessage());
    }
    Decoded<List<AgentSpec>> decoded =
        text.stripLeading().startsWith("{")
            ? single(JsonCodec.decode(text, AgentSpec.class))
            : JsonCodec.decode(text, AGENT_LIST);
    List<AgentSpec> specs =
        switch (decoded) {
          case Decoded.Ok<List<AgentSpec>> ok -> ok.value();
          case Decoded.Invalid<List<AgentSpec>> invalid -> {
            err()
                .println(
                    "error: " + ApiError.of(invalid.rejection()).describe() + " (in " + file + ")");
            yield null;
          }
        };
    if (specs == null) {
      return ExitCodes.REFUSED;
    }
    for (AgentSpec spec : specs) {
      AgentSpec stored = client.putAgent(spec);
      out().println("registered " + stored.name() + " (" + stored.kind().kindName() + ")");
    }
    return ExitCodes.OK;
  }

  private static Decoded<List<AgentSpec>> single(Decoded<AgentSpec> one) {
    return switch (one) {
      case Decoded.Ok<AgentSpec> ok -> new Decoded.Ok<>(List.of(ok.value()));
      case Decoded.Invalid<AgentSpec> invalid -> new Decoded.Invalid<>(invalid.rejection());
    };
  }
}
