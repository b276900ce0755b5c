package io.switchboard.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class WireHeadersTest {

  @Test
  void shouldCarryVersionOneAndTheRecordType() {
    Headers headers = WireHeaders.of(TaskEnvelope.class);

    assertThat(new String(headers.lastHeader("sb.v").value(), StandardCharsets.UTF_8))
        .isEqualTo("1");
    assertThat(WireHeaders.type(headers)).contains("TaskEnvelope");
    assertThat(WireHeaders.check(headers)).isEmpty();
  }

  @Test
  void shouldReadTheAttemptOfAnEnvelopeOnlyWhenItIsAPositiveNumber() {
    assertThat(WireHeaders.attempt(new RecordHeaders().add("sb.attempt", "3".getBytes(StandardCharsets.UTF_8))))
        .hasValue(3);
    assertThat(WireHeaders.attempt(new RecordHeaders())).isEmpty();
    assertThat(WireHeaders.attempt(new RecordHeaders().add("sb.attempt", "x".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
    assertThat(WireHeaders.attempt(new RecordHeaders().add("sb.attempt", "0".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
  }

  @Test
  void shouldRejectRecordWithoutVersion() {
    Rejection rejection = WireHeaders.check(new RecordHeaders()).orElseThrow();

    assertThat(rejection.code()).isEqualTo(RejectionCode.MISSING_FIELD);
    assertThat(rejection.field()).isEqualTo("sb.v");
  }

  @Test
  void shouldRejectNewerVersion() {
    Headers headers = new RecordHeaders().add("sb.v", "2".getBytes(StandardCharsets.UTF_8));

    Rejection rejection = WireHeaders.check(headers).orElseThrow();

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.message()).contains("unsupported schema version 2");
  }

  @Test
  void shouldRejectVersionThatIsNotANumber() {
    Headers headers = new RecordHeaders().add("sb.v", "one".getBytes(StandardCharsets.UTF_8));

    assertThat(WireHeaders.check(headers)).isPresent();
  }
}
