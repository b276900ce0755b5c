package io.switchboard.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerFilesTest {

  @TempDir
  Path dir;

  @Test
  void shouldReadEveryRunnerWithItsPrivateConfig() throws Exception {
    Path file = write("""
        {"runners": [
          {"name": "gpu", "kind": "process", "config": {"maxWorkers": 2}},
          {"name": "batch.v2", "kind": "kubernetes"}
        ]}
        """);
    var runners = RunnerFiles.read(file);
    assertThat(runners).extracting(RunnerConfig::name).containsExactly("gpu", "batch.v2");
    assertThat(runners.get(0).kind()).isEqualTo("process");
    assertThat(runners.get(0).config().path("maxWorkers").asInt()).isEqualTo(2);
    assertThat(runners.get(1).config().isEmpty()).isTrue();
  }

  @Test
  void shouldNameTheFieldAtFault() throws Exception {
    assertRefused("{\"runners\": [{\"kind\": \"process\"}]}", "runners[0].name: required");
    assertRefused("{\"runners\": [{\"name\": \"a b\", \"kind\": \"process\"}]}", "runners[0].name: must be");
    assertRefused("{\"runners\": [{\"name\": \"a\", \"kind\": 3}]}", "runners[0].kind: expected a string");
    assertRefused("{\"runners\": [{\"name\": \"a\", \"kind\": \"Process!\"}]}", "runners[0].kind: must be");
    assertRefused("{\"runners\": [{\"name\": \"a\", \"kind\": \"process\", \"config\": []}]}",
        "runners[0].config: expected an object");
    assertRefused("{\"runners\": [{\"name\": \"a\", \"kind\": \"process\"}, {\"name\": \"a\", \"kind\": \"process\"}]}",
        "runners[1].name: runner 'a' is configured twice");
    assertRefused("{\"runners\": [{\"name\": \"a\", \"kind\": \"process\", \"size\": 1}]}",
        "runners[0].size: unknown field");
    assertRefused("{\"runner\": []}", "runner: unknown field");
    assertRefused("{}", "runners: required");
    assertRefused("[1]", "expected a JSON object");
    assertRefused("{\"runners\": [", "cannot read");
  }

  @Test
  void shouldRefuseAMissingFile() {
    assertThatThrownBy(() -> RunnerFiles.read(dir.resolve("absent.json")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("runners-file: ").hasMessageContaining("absent.json");
  }

  private void assertRefused(String json, String message) throws Exception {
    Path file = write(json);
    assertThatThrownBy(() -> RunnerFiles.read(file)).as(json).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("runners-file: " + file).hasMessageContaining(message)
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("runners-file");
  }

  private Path write(String json) throws Exception {
    return Files.writeString(dir.resolve("runners.json"), json);
  }
}
