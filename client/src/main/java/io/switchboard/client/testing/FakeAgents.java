package io.switchboard.client.testing;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the fake's agents answer: a response per agent name, the registered specs ({@code echo}
 * answers its prompt), and an optional response for any other agent.
 */
final class FakeAgents {

  private final Map<String, Function<Target, StepOutcome>> responses = new ConcurrentHashMap<>();
  private final Map<String, AgentSpec> specs = new ConcurrentHashMap<>();
  private volatile Function<Target, StepOutcome> fallback;

  void respond(String agent, Function<Target, StepOutcome> response) {
    responses.put(Objects.requireNonNull(agent, "agent"), Objects.requireNonNull(response));
  }

  void respondToAny(Function<Target, StepOutcome> response) {
    fallback = Objects.requireNonNull(response, "response");
  }

  void put(AgentSpec spec) {
    specs.put(spec.name(), spec);
  }

  Optional<AgentSpec> spec(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  List<AgentSpec> specs() {
    return specs.values().stream().sorted(Comparator.comparing(AgentSpec::name)).toList();
  }

  /** Whether a submit may name {@code agent}. */
  boolean isKnown(String agent) {
    return responses.containsKey(agent) || specs.containsKey(agent) || fallback != null;
  }

  /** The outcome of {@code target}, keyed by a placeholder the task replaces. */
  StepOutcome respondTo(Target target, TaskKey placeholder) {
    Function<Target, StepOutcome> response = responses.get(target.agent());
    if (response != null) {
      return response.apply(target);
    }
    AgentSpec spec = specs.get(target.agent());
    if (spec != null && spec.kind() instanceof AgentKind.Echo echo) {
      pause(echo.delayMs());
      return StepOutcome.succeeded(placeholder, target.prompt(), null, 1, false);
    }
    Function<Target, StepOutcome> any = fallback;
    if (any != null) {
      return any.apply(target);
    }
    String message = "the fake has no response for agent '" + target.agent() + "'";
    return StepOutcome.failed(placeholder, TaskError.of(ErrorCode.AGENT_ERROR, message), 1, false);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
