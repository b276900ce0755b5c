package io.switchboard.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.TaskEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The task an agent runs: what the coordinator resolved for this attempt.
 *
 * @param key the task key, {@code <invocationId>/<taskId>}; with {@code attempt}, the idempotency
 *     key for the agent's own side effects
 * @param attempt 1 for the first run, raised by each restart
 * @param agent the agent's spec as dispatched
 * @param prompt the text the agent gets; may be null when {@code input} is given
 * @param input structured input; null when none
 * @param description a short label for people; may be null
 * @param context the context the agent sees; null when none
 * @param tools the tools the task may use
 * @param maxSteps the step limit; null for none
 * @param deadline when the attempt must be done; null for none
 * @param parentTaskId the parent task; null for a top-level task
 */
public record AgentTask(
    TaskKey key,
    int attempt,
    AgentSpec agent,
    String prompt,
    JsonNode input,
    String description,
    JsonNode context,
    List<String> tools,
    Integer maxSteps,
    Instant deadline,
    TaskKey parentTaskId) {

  public AgentTask {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(agent, "agent");
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** The task of an envelope taken from a runner's topic. */
  public static AgentTask of(TaskEnvelope envelope) {
    return new AgentTask(envelope.key(), envelope.attempt(), envelope.agent(), envelope.prompt(),
        envelope.input(), envelope.description(), envelope.context(), envelope.tools(), envelope.maxSteps(),
        envelope.deadline(), envelope.parentTaskId());
  }

  /**
   * The task as the one JSON object {@code command} agents read on stdin and {@code http} agents
   * receive as the request body (api.md, "Agents"): {@code key}, {@code taskId}, {@code invocationId},
   * {@code attempt}, {@code prompt}, {@code input}, {@code context}, {@code tools}, {@code maxSteps},
   * {@code deadline}. Absent values are JSON nulls.
   */
  public ObjectNode toJson() {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("key", key.toString());
    json.put("taskId", key.taskId());
    json.put("invocationId", key.invocationId());
    json.put("attempt", attempt);
    json.put("prompt", prompt);
    json.set("input", input == null ? json.nullNode() : input);
    json.set("context", context == null ? json.nullNode() : context);
    json.set("tools", Json.mapper().valueToTree(tools));
    if (maxSteps == null) {
      json.putNull("maxSteps");
    } else {
      json.put("maxSteps", maxSteps);
    }
    json.put("deadline", deadline == null ? null : deadline.toString());
    return json;
  }

  /** {@link #toJson()} as UTF-8 bytes. */
  public byte[] toJsonBytes() {
    return JsonCodec.encode(toJson());
  }
}
