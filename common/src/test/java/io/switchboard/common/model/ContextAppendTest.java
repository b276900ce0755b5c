package io.switchboard.common.model;

import static io.switchboard.common.json.RoundTrip.decodeInvalid;
import static io.switchboard.common.json.RoundTrip.decodeOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import org.junit.jupiter.api.Test;

/** The body of a context append: what is refused, with which field, and the defaults. */
class ContextAppendTest {

  @Test
  void shouldAcceptContentAloneWithTheDefaultRole() {
    ContextAppend append = decodeOk("{\"content\":\"hi\"}", ContextAppend.class);
    assertThat(append.validate()).isEmpty();
    assertThat(append.roleOrDefault()).isEqualTo("assistant");
  }

  @Test
  void shouldNameTheFieldOfEachProblem() {
    assertThat(problem("{}")).isEqualTo("missing_field content");
    assertThat(problem("{\"content\":\"x\",\"role\":\"\"}")).isEqualTo("invalid_value role");
    assertThat(problem("{\"content\":\"x\",\"author\":\"no-slash\"}")).isEqualTo("invalid_value author");
    Rejection unknown = decodeInvalid("{\"content\":\"x\",\"body\":1}", ContextAppend.class);
    assertThat(unknown.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(unknown.field()).isEqualTo("body");
  }

  private static String problem(String json) {
    Rejection r = decodeOk(json, ContextAppend.class).validate().orElseThrow();
    return r.code().wireName() + " " + r.field();
  }
}
