package io.switchboard.common.error;

import static io.switchboard.common.json.RoundTrip.assertRoundTrip;
import static io.switchboard.common.json.RoundTrip.decodeInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.json.JsonCodec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskErrorTest {

  @Test
  void shouldKnowWhichCodesAreRetryable() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::isRetryable))
        .containsExactlyInAnyOrder(
            ErrorCode.TIMEOUT, ErrorCode.WORKER_LOST, ErrorCode.TRANSIENT, ErrorCode.THROTTLED);
  }

  @Test
  void shouldUseApiWireNames() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName))
        .containsExactly(
            "timeout",
            "worker_lost",
            "agent_error",
            "schema_mismatch",
            "cancelled",
            "poison",
            "rejected_by_hook",
            "transient",
            "throttled",
            "unknown_agent",
            "escalated",
            "internal");
  }

  @Test
  void shouldOmitEmptyDetails() {
    assertThat(JsonCodec.encodeString(TaskError.of(ErrorCode.TIMEOUT, "too slow")))
        .isEqualTo("{\"code\":\"timeout\",\"message\":\"too slow\"}");
  }

  @Test
  void shouldRoundTripWithAndWithoutDetails() {
    assertRoundTrip(TaskError.of(ErrorCode.WORKER_LOST, "gone"), TaskError.class);
    assertRoundTrip(
        new TaskError(ErrorCode.SCHEMA_MISMATCH, "bad", List.of("a", "b")), TaskError.class);
  }

  @Test
  void shouldRejectUnknownErrorCode() {
    Rejection rejection =
        decodeInvalid("{\"code\": \"meltdown\", \"message\": \"x\"}", TaskError.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("code");
    assertThat(rejection.message()).contains("worker_lost");
  }

  @Test
  void shouldTellRetryableFromFatalByType() {
    SwitchboardException retryable =
        new RetryableException("broker timeout", new RuntimeException());
    SwitchboardException fatal = new FatalException("bug");

    assertThat(retryable.isRetryable()).isTrue();
    assertThat(retryable).hasCauseInstanceOf(RuntimeException.class);
    assertThat(fatal.isRetryable()).isFalse();
    String kind =
        switch (retryable) {
          case RetryableException r -> "retry";
          case FatalException f -> "fatal";
        };
    assertThat(kind).isEqualTo("retry");
  }
}
