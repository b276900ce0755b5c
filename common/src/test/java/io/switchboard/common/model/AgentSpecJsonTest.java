package io.switchboard.common.model;

import static io.switchboard.common.json.RoundTrip.assertRoundTrip;
import static io.switchboard.common.json.RoundTrip.decodeInvalid;
import static io.switchboard.common.json.RoundTrip.decodeOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.json.JsonCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSpecJsonTest {

  static final String API_EXAMPLE =
      """
      {"name": "general", "kind": "command", "command": ["python3", "agents/general.py"], "env": {},
       "workdir": null, "runtimes": ["remote", "local"], "runner": "default", "tools": ["read", "grep"],
       "maxSteps": 10, "timeoutMs": 600000, "concurrency": 4,
       "supervisor": {"onFailure": "restart", "maxRestarts": 3, "backoffMs": 500}}
      """;

  @Test
  void shouldDecodeTheApiExampleIntoCommandWithEveryField() {
    AgentSpec spec = decodeOk(API_EXAMPLE, AgentSpec.class);

    assertThat(spec.name()).isEqualTo("general");
    assertThat(spec.kind())
        .isEqualTo(new AgentKind.Command(List.of("python3", "agents/general.py"), Map.of(), null));
    assertThat(spec.runtimes()).containsExactly(AgentSpec.Runtime.REMOTE, AgentSpec.Runtime.LOCAL);
    assertThat(spec.runner()).isEqualTo("default");
    assertThat(spec.tools()).containsExactly("read", "grep");
    assertThat(spec.maxSteps()).isEqualTo(10);
    assertThat(spec.timeoutMs()).isEqualTo(600_000L);
    assertThat(spec.concurrency()).isEqualTo(4);
    assertThat(spec.supervisor())
        .isEqualTo(new SupervisorPolicy(SupervisorPolicy.OnFailure.RESTART, 3, 500, 30_000));
  }

  @Test
  void shouldWriteTheApiExampleAsOneFlatObject() throws Exception {
    AgentSpec spec = decodeOk(API_EXAMPLE, AgentSpec.class);

    String json = JsonCodec.encodeString(spec);

    assertThat(json)
        .startsWith("{\"name\":\"general\",\"kind\":\"command\",\"command\":[\"python3\"")
        .contains("\"env\":{}", "\"workdir\":null", "\"runtimes\":[\"remote\",\"local\"]");
    assertThat(Json.mapper().readTree(json).get("supervisor").get("maxBackoffMs").asLong())
        .isEqualTo(30_000);
  }

  @Test
  void shouldApplyDefaultsWhenSharedFieldsAreAbsent() {
    AgentSpec spec = decodeOk("{\"name\": \"e\", \"kind\": \"echo\"}", AgentSpec.class);

    assertThat(spec.kind()).isEqualTo(new AgentKind.Echo(0));
    assertThat(spec.runtimes()).containsExactly(AgentSpec.Runtime.REMOTE);
    assertThat(spec.runner()).isEqualTo("default");
    assertThat(spec.tools()).isEmpty();
    assertThat(spec.supervisor()).isNull();
    assertThat(spec.supervisorOrDefault()).isEqualTo(SupervisorPolicy.defaults());
  }

  @Test
  void shouldRoundTripEchoAgent() {
    assertRoundTrip(
        new AgentSpec(
            "echo",
            new AgentKind.Echo(25),
            List.of(AgentSpec.Runtime.LOCAL),
            "fast",
            List.of("read"),
            3,
            1000L,
            8,
            SupervisorPolicy.defaults()),
        AgentSpec.class);
  }

  @Test
  void shouldRoundTripCommandAgent() {
    assertRoundTrip(
        AgentSpec.of(
            "cmd", new AgentKind.Command(List.of("sh", "-c", "cat"), Map.of("A", "1"), "/tmp")),
        AgentSpec.class);
  }

  @Test
  void shouldRoundTripHttpAgent() {
    assertRoundTrip(
        AgentSpec.of(
            "web", new AgentKind.Http("http://localhost:9000/run", Map.of("X-Token", "t"))),
        AgentSpec.class);
  }

  @Test
  void shouldRoundTripLlmAgent() {
    assertRoundTrip(
        AgentSpec.of(
            "llm", new AgentKind.Llm("http://localhost:11434/v1", "qwen", "OPENAI_API_KEY")),
        AgentSpec.class);
  }

  @Test
  void shouldRoundTripCustomAgentWithItsConfig() {
    var config = JsonNodeFactory.instance.objectNode().put("depth", 3);
    AgentSpec spec =
        assertRoundTrip(
            AgentSpec.of("mine", new AgentKind.Custom("my-kind", config)), AgentSpec.class);

    assertThat(JsonCodec.encodeString(spec))
        .contains("\"kind\":\"my-kind\",\"config\":{\"depth\":3}");
  }

  @Test
  void shouldRejectFieldOfAnotherKind() {
    Rejection rejection =
        decodeInvalid(
            "{\"name\": \"a\", \"kind\": \"command\", \"command\": [\"x\"], \"url\": \"http://h\"}",
            AgentSpec.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(rejection.field()).isEqualTo("url");
    assertThat(rejection.message()).contains("command");
  }

  @Test
  void shouldRejectUnknownSharedField() {
    Rejection rejection =
        decodeInvalid("{\"name\": \"a\", \"kind\": \"echo\", \"toolz\": []}", AgentSpec.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(rejection.field()).isEqualTo("toolz");
  }

  @Test
  void shouldRejectCommandAgentWithoutCommandAsMissingField() {
    Rejection rejection =
        decodeInvalid("{\"name\": \"a\", \"kind\": \"command\"}", AgentSpec.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(rejection.field()).isEqualTo("command");
  }

  @Test
  void shouldRejectEmptyCommandAsInvalidValue() {
    Rejection rejection =
        decodeInvalid("{\"name\": \"a\", \"kind\": \"command\", \"command\": []}", AgentSpec.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("command");
  }

  @Test
  void shouldRejectHttpAgentWithoutUrl() {
    Rejection rejection = decodeInvalid("{\"name\": \"a\", \"kind\": \"http\"}", AgentSpec.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(rejection.field()).isEqualTo("url");
  }

  @Test
  void shouldRejectLlmAgentWithoutModel() {
    Rejection rejection =
        decodeInvalid(
            "{\"name\": \"a\", \"kind\": \"llm\", \"baseUrl\": \"http://h\"}", AgentSpec.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(rejection.field()).isEqualTo("model");
  }

  @Test
  void shouldRejectMissingNameAndKind() {
    assertThat(decodeInvalid("{\"kind\": \"echo\"}", AgentSpec.class).field()).isEqualTo("name");
    Rejection noKind = decodeInvalid("{\"name\": \"a\"}", AgentSpec.class);
    assertThat(noKind.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(noKind.field()).isEqualTo("kind");
  }

  @Test
  void shouldRejectBadValuesWithTheirField() {
    Rejection runtime =
        decodeInvalid(
            "{\"name\": \"a\", \"kind\": \"echo\", \"runtimes\": [\"remote\", \"moon\"]}",
            AgentSpec.class);
    assertThat(runtime.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(runtime.field()).isEqualTo("runtimes[1]");
    assertThat(runtime.message()).contains("local", "remote");

    Rejection supervisor =
        decodeInvalid(
            "{\"name\": \"a\", \"kind\": \"echo\", \"supervisor\": {\"onFailure\": \"retry\"}}",
            AgentSpec.class);
    assertThat(supervisor.field()).isEqualTo("supervisor.onFailure");

    Rejection nestedUnknown =
        decodeInvalid(
            "{\"name\": \"a\", \"kind\": \"echo\", \"supervisor\": {\"retries\": 1}}",
            AgentSpec.class);
    assertThat(nestedUnknown.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(nestedUnknown.field()).isEqualTo("supervisor.retries");

    Rejection concurrency =
        decodeInvalid("{\"name\": \"a\", \"kind\": \"echo\", \"concurrency\": 0}", AgentSpec.class);
    assertThat(concurrency.field()).isEqualTo("concurrency");

    Rejection name = decodeInvalid("{\"name\": 5, \"kind\": \"echo\"}", AgentSpec.class);
    assertThat(name.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(name.field()).isEqualTo("name");
  }

  @Test
  void shouldRejectEmptyRuntimes() {
    Rejection rejection =
        decodeInvalid("{\"name\": \"a\", \"kind\": \"echo\", \"runtimes\": []}", AgentSpec.class);

    assertThat(rejection.field()).isEqualTo("runtimes");
  }

  @Test
  void shouldReportAgentErrorsUnderTheirEnclosingPath() {
    Rejection rejection =
        decodeInvalid(
            "[{\"name\": \"a\", \"kind\": \"echo\"}, {\"name\": \"b\", \"kind\": \"http\"}]",
            AgentSpec[].class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(rejection.field()).isEqualTo("[1].url");
  }

  @Test
  void shouldRejectNonObjectAgent() {
    Rejection rejection = decodeInvalid("[\"general\"]", AgentSpec[].class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("[0]");
  }
}
