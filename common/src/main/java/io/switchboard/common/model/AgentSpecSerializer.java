package io.switchboard.common.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes an {@link AgentSpec} as one flat object: shared fields and its kind's fields. */
final class AgentSpecSerializer extends StdSerializer<AgentSpec> {

  private static final long serialVersionUID = 1L;

  AgentSpecSerializer() {
    super(AgentSpec.class);
  }

  @Override
  public void serialize(AgentSpec spec, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeStartObject();
    gen.writeStringField("name", spec.name());
    gen.writeStringField("kind", spec.kind().kindName());
    switch (spec.kind()) {
      case AgentKind.Echo echo -> gen.writeNumberField("delayMs", echo.delayMs());
      case AgentKind.Command command -> {
        provider.defaultSerializeField("command", command.command(), gen);
        provider.defaultSerializeField("env", command.env(), gen);
        gen.writeStringField("workdir", command.workdir());
      }
      case AgentKind.Http http -> {
        gen.writeStringField("url", http.url());
        provider.defaultSerializeField("headers", http.headers(), gen);
      }
      case AgentKind.Llm llm -> {
        gen.writeStringField("baseUrl", llm.baseUrl());
        gen.writeStringField("model", llm.model());
        gen.writeStringField("apiKeyEnv", llm.apiKeyEnv());
      }
      case AgentKind.Custom custom ->
          provider.defaultSerializeField("config", custom.config(), gen);
    }
    provider.defaultSerializeField("runtimes", spec.runtimes(), gen);
    gen.writeStringField("runner", spec.runner());
    provider.defaultSerializeField("tools", spec.tools(), gen);
    provider.defaultSerializeField("maxSteps", spec.maxSteps(), gen);
    provider.defaultSerializeField("timeoutMs", spec.timeoutMs(), gen);
    provider.defaultSerializeField("concurrency", spec.concurrency(), gen);
    provider.defaultSerializeField("supervisor", spec.supervisor(), gen);
    gen.writeEndObject();
  }
}
