package io.switchboard.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an agent is and how it runs: one of the built-in kinds, or a {@link Custom} kind provided
 * through the Java SPI. On the wire the kind's fields sit flat in the {@link AgentSpec} object,
 * next to {@code "kind": "<name>"}.
 */
public sealed interface AgentKind {

  /** The names of the built-in kinds; a custom kind may not use them. */
  Set<String> BUILT_IN = Set.of(Echo.NAME, Command.NAME, Http.NAME, Llm.NAME);

  /** The name written as {@code kind}. */
  String kindName();

  /** Output = the prompt, after {@code delayMs}. For tests and benchmarks. */
  record Echo(long delayMs) implements AgentKind {
    public static final String NAME = "echo";

    public Echo {
      if (delayMs < 0) {
        throw new IllegalArgumentException("delayMs must be >= 0, got " + delayMs);
      }
    }

    @Override
    public String kindName() {
      return NAME;
    }
  }

  /**
   * A program started per task in {@code workdir}, the task as JSON on stdin, the output on stdout.
   */
  record Command(List<String> command, Map<String, String> env, String workdir)
      implements AgentKind {
    public static final String NAME = "command";

    public Command {
      command = List.copyOf(Objects.requireNonNull(command, "command"));
      if (command.isEmpty()) {
        throw new IllegalArgumentException("command must not be empty");
      }
      env = env == null ? Map.of() : Map.copyOf(env);
    }

    @Override
    public String kindName() {
      return NAME;
    }
  }

  /** POSTs the task JSON to {@code url}; a 2xx body is the output. */
  record Http(String url, Map<String, String> headers) implements AgentKind {
    public static final String NAME = "http";

    public Http {
      Objects.requireNonNull(url, "url");
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String kindName() {
      return NAME;
    }
  }

  /**
   * An OpenAI-compatible chat completions endpoint with a tool loop; the API key is read from the
   * environment variable {@code apiKeyEnv} (null: no key).
   */
  record Llm(String baseUrl, String model, String apiKeyEnv) implements AgentKind {
    public static final String NAME = "llm";

    public Llm {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(model, "model");
    }

    @Override
    public String kindName() {
      return NAME;
    }
  }

  /** A kind provided by a Java SPI implementation; its settings live in {@code config}. */
  record Custom(String kind, JsonNode config) implements AgentKind {
    public Custom {
      Objects.requireNonNull(kind, "kind");
      if (kind.isBlank() || BUILT_IN.contains(kind)) {
        throw new IllegalArgumentException(
            "a custom kind needs a name other than " + BUILT_IN + ", got '" + kind + "'");
      }
      config = config == null || config.isNull() ? JsonNodeFactory.instance.objectNode() : config;
    }

    @Override
    public String kindName() {
      return kind;
    }
  }
}
