package io.switchboard.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.json.JsonCodec;
import org.junit.jupiter.api.Test;

class TaskKeyTest {

  @Test
  void shouldParseAndPrintInvocationSlashTask() {
    TaskKey key = TaskKey.parse("nightly-audit/deps");

    assertThat(key.invocationId()).isEqualTo("nightly-audit");
    assertThat(key.taskId()).isEqualTo("deps");
    assertThat(key).hasToString("nightly-audit/deps");
  }

  @Test
  void shouldSplitAtTheFirstSlash() {
    TaskKey key = TaskKey.parse("inv/a/b");

    assertThat(key.invocationId()).isEqualTo("inv");
    assertThat(key.taskId()).isEqualTo("a/b");
  }

  @Test
  void shouldRejectKeysWithoutSlashOrWithEmptyParts() {
    assertThatThrownBy(() -> TaskKey.parse("nokey")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskKey.parse("/t")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskKey.parse("i/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskKey.of("a/b", "t")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldBeAPlainStringOnTheWire() {
    assertThat(JsonCodec.encodeString(TaskKey.of("i", "t"))).isEqualTo("\"i/t\"");
    assertThat(JsonCodec.decode("\"i/t\"", TaskKey.class).orElseThrow())
        .isEqualTo(TaskKey.of("i", "t"));
  }
}
