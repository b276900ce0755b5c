package io.switchboard.common.error;

import static io.switchboard.common.json.RoundTrip.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.json.JsonCodec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RejectionTest {

  @Test
  void shouldUseLowerSnakeWireNames() {
    assertThat(RejectionCode.JOIN_SINGLE_NEEDS_ONE_TARGET.wireName())
        .isEqualTo("join_single_needs_one_target");
    assertThat(JsonCodec.encodeString(RejectionCode.TOO_LARGE)).isEqualTo("\"too_large\"");
    assertThat(RejectionCode.fromWire("duplicate_task_id"))
        .contains(RejectionCode.DUPLICATE_TASK_ID);
    assertThat(RejectionCode.fromWire("nope")).isEmpty();
  }

  @Test
  void shouldMapEachCodeToItsHttpStatus() {
    assertThat(RejectionCode.MALFORMED.httpStatus()).isEqualTo(400);
    assertThat(RejectionCode.UNAUTHORIZED.httpStatus()).isEqualTo(401);
    assertThat(RejectionCode.FORBIDDEN.httpStatus()).isEqualTo(403);
    assertThat(RejectionCode.NOT_FOUND.httpStatus()).isEqualTo(404);
    assertThat(RejectionCode.CONFLICT.httpStatus()).isEqualTo(409);
    assertThat(RejectionCode.TOO_LARGE.httpStatus()).isEqualTo(413);
    assertThat(
            Arrays.stream(RejectionCode.values())
                .filter(code -> code.httpStatus() == 422)
                .map(RejectionCode::wireName))
        .containsExactlyInAnyOrder(
            "join_single_needs_one_target",
            "duplicate_task_id",
            "unknown_agent",
            "no_executor",
            "tool_not_inherited",
            "missing_parent",
            "unknown_field",
            "invalid_schema",
            "invalid_value",
            "missing_field",
            "too_few_targets",
            "too_many_targets");
  }

  @Test
  void shouldWriteOnlyTheFieldsThatApply() {
    assertThat(JsonCodec.encodeString(Rejection.malformed("bad", 2, 7)))
        .isEqualTo("{\"code\":\"malformed\",\"message\":\"bad\",\"line\":2,\"column\":7}");
    assertThat(JsonCodec.encodeString(Rejection.conflict("deps", "spec changed")))
        .isEqualTo("{\"code\":\"conflict\",\"message\":\"spec changed\",\"taskId\":\"deps\"}");
    assertThat(
            JsonCodec.encodeString(
                Rejection.of(RejectionCode.MISSING_FIELD, "targets[1].agent", "agent is required")))
        .isEqualTo(
            "{\"code\":\"missing_field\",\"field\":\"targets[1].agent\",\"message\":\"agent is"
                + " required\"}");
  }

  @Test
  void shouldRoundTripRejections() {
    assertRoundTrip(Rejection.malformed("bad", 1, 2), Rejection.class);
    assertRoundTrip(Rejection.conflict("t", "m"), Rejection.class);
    assertRoundTrip(Rejection.of(RejectionCode.TOO_LARGE, "targets[3]", "m"), Rejection.class);
  }

  @Test
  void shouldPrefixFieldPaths() {
    Rejection nested = Rejection.of(RejectionCode.MISSING_FIELD, "url", "m");

    assertThat(nested.under("spec").field()).isEqualTo("spec.url");
    assertThat(Rejection.of(RejectionCode.INVALID_VALUE, "[2]", "m").under("targets").field())
        .isEqualTo("targets[2]");
    assertThat(Rejection.of(RejectionCode.INVALID_VALUE, null, "m").under("agent").field())
        .isEqualTo("agent");
  }
}
