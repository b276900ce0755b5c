package io.switchboard.coordinator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.RunnerFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry: runners dispatched by kind to the factories on the class path, validated before use. */
class RunnersTest {

  @TempDir
  Path dir;

  @Test
  void shouldMakeAnInitializerPerRunnerAndListThemAsStartable() throws Exception {
    try (Runners runners = load("""
        {"runners": [{"name": "gpu", "kind": "process", "config": {"maxWorkers": 2}},
                     {"name": "cpu", "kind": "process"}]}
        """)) {
      assertThat(runners.startableRunners()).containsExactlyInAnyOrder("gpu", "cpu");
      assertThat(runners.initializers()).extracting(RunnerInitializer::runner).containsExactly("gpu", "cpu");
    }
  }

  @Test
  void shouldStartNothingWithoutARunnersFile() {
    Runners runners = Runners.load(Optional.empty(), context());
    assertThat(runners.isEmpty()).isTrue();
    assertThat(runners.startableRunners()).isEmpty();
  }

  @Test
  void shouldRefuseAnUnknownKindNamingTheKnownOnes() {
    assertThatThrownBy(() -> load("{\"runners\": [{\"name\": \"a\", \"kind\": \"process\"}, "
        + "{\"name\": \"b\", \"kind\": \"cloud\"}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("runners[1].kind: no runner initializer of kind 'cloud'; known: [")
        .hasMessageContaining("process");
  }

  @Test
  void shouldNameTheFieldOfAnInvalidPrivateConfig() {
    assertRefused("{\"maxWorkers\": 0}", "runners[0].config.maxWorkers: must be between 1 and 1000: 0");
    assertRefused("{\"maxWorker\": 2}", "runners[0].config.maxWorker: unknown field; expected one of [");
    assertRefused("{\"idleMs\": \"soon\"}", "runners[0].config.idleMs: expected an integer");
    assertRefused("{\"env\": {\"A\": 1}}", "runners[0].config.env.A: expected a string");
    assertRefused("{\"args\": [\"--x\", 2]}", "runners[0].config.args[1]: expected a non-empty string");
    assertRefused("{\"command\": [\"bin/switchboard\"], \"mainClass\": \"x.Y\"}",
        "runners[0].config.command: replaces java, jvmArgs, classpath and mainClass");
  }

  private void assertRefused(String config, String message) {
    assertThatThrownBy(() -> load("{\"runners\": [{\"name\": \"a\", \"kind\": \"process\", \"config\": " + config
        + "}]}")).as(config).isInstanceOf(ConfigException.class).hasMessageContaining(message)
        .hasMessageStartingWith("runners-file: ");
  }

  private Runners load(String json) throws Exception {
    Path file = Files.writeString(dir.resolve("runners.json"), json);
    RunnerFiles.read(file); // the file itself is valid in these cases
    return Runners.load(Optional.of(file), context());
  }

  private RunnerContext context() {
    return new RunnerContext(new KafkaSettings("127.0.0.1:9", "t", Optional.empty(), Optional.empty()),
        () -> URI.create("http://127.0.0.1:1"), dir, Clock.systemUTC());
  }
}
