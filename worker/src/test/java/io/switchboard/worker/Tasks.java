package io.switchboard.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.TaskEnvelope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the task envelopes and agent specs tests send. */
final class Tasks {

  private TaskKey key;
  private int attempt = 1;
  private final AgentSpec agent;
  private String prompt = "hello";
  private JsonNode input;
  private JsonNode context;
  private List<String> tools = List.of();
  private Integer maxSteps;
  private Long timeoutMs;
  private Instant deadline;
  private JsonNode outputSchema;

  private Tasks(AgentSpec agent) {
    this.key = TaskKey.of("inv-" + UUID.randomUUID().toString().substring(0, 8), "0");
    this.agent = agent;
  }

  static Tasks of(AgentSpec agent) {
    return new Tasks(agent);
  }

  static AgentSpec echo(long delayMs) {
    return AgentSpec.of("echo", new AgentKind.Echo(delayMs));
  }

  /** A command agent running {@code script} with /bin/sh. */
  static AgentSpec shell(Path script) {
    return AgentSpec.of("sh", new AgentKind.Command(List.of("/bin/sh", script.toString()), Map.of(), null));
  }

  static AgentSpec shell(Path script, Integer concurrency) {
    return new AgentSpec("sh", new AgentKind.Command(List.of("/bin/sh", script.toString()), Map.of(), null), null,
        null, null, null, null, concurrency, null);
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  Tasks key(String invocationId, String taskId) {
    this.key = TaskKey.of(invocationId, taskId);
    return this;
  }

  Tasks attempt(int value) {
    this.attempt = value;
    return this;
  }

  Tasks prompt(String value) {
    this.prompt = value;
    return this;
  }

  Tasks input(String json) {
    this.input = json(json);
    return this;
  }

  Tasks context(String json) {
    this.context = json(json);
    return this;
  }

  Tasks tools(String... names) {
    this.tools = List.of(names);
    return this;
  }

  Tasks maxSteps(int value) {
    this.maxSteps = value;
    return this;
  }

  Tasks timeoutMs(long value) {
    this.timeoutMs = value;
    return this;
  }

  Tasks deadline(Instant value) {
    this.deadline = value;
    return this;
  }

  Tasks outputSchema(String json) {
    this.outputSchema = json(json);
    return this;
  }

  TaskEnvelope build() {
    return new TaskEnvelope(key, null, null, attempt, agent, prompt, input, "a test task", context, tools, maxSteps,
        timeoutMs, deadline, outputSchema, null, AgentSpec.DEFAULT_RUNNER, Instant.now());
  }
}
