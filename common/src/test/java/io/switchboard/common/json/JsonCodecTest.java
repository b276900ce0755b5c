package io.switchboard.common.json;

import static io.switchboard.common.json.RoundTrip.decodeInvalid;
import static io.switchboard.common.json.RoundTrip.decodeOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.common.error.FatalException;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  @Test
  void shouldDecodeValidInvocation() {
    Invocation invocation =
        decodeOk(
            "{\"join\":\"all\",\"targets\":[{\"agent\":\"a\",\"prompt\":\"p\"}]}",
            Invocation.class);

    assertThat(invocation.join()).isEqualTo(Join.ALL);
    assertThat(invocation.targets()).hasSize(1);
  }

  @Test
  void shouldRejectNonJsonAsMalformedWithLineAndColumn() {
    Rejection rejection = decodeInvalid("{\n  \"join\" \"all\"\n}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.line()).isEqualTo(2);
    assertThat(rejection.column()).isEqualTo(10);
    assertThat(rejection.message()).contains("colon");
    assertThat(rejection.field()).isNull();
  }

  @Test
  void shouldRejectPlainTextAsMalformedNamingTheToken() {
    Rejection rejection = decodeInvalid("hello", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.message()).contains("'hello'");
    assertThat(rejection.line()).isEqualTo(1);
    assertThat(rejection.column())
        .isEqualTo(6); // Jackson reports where it stopped: after the token
  }

  @Test
  void shouldRejectTruncatedJsonAsMalformed() {
    Rejection rejection = decodeInvalid("{\"targets\": [", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.line()).isEqualTo(1);
    assertThat(rejection.column()).isEqualTo(14);
    assertThat(rejection.message()).doesNotContain("REDACTED");
  }

  @Test
  void shouldRejectEmptyBodyAsMalformed() {
    assertThat(decodeInvalid("", Invocation.class).code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(decodeInvalid("  \n ", Invocation.class).code()).isEqualTo(RejectionCode.MALFORMED);
  }

  @Test
  void shouldRejectArrayInsteadOfObjectAsMalformed() {
    Rejection rejection = decodeInvalid("[{\"agent\": \"a\"}]", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.message()).contains("expected a JSON object");
    assertThat(rejection.line()).isEqualTo(1);
    assertThat(rejection.column()).isEqualTo(1);
  }

  @Test
  void shouldRejectScalarInsteadOfObjectAsMalformed() {
    assertThat(decodeInvalid("42", Invocation.class).code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(decodeInvalid("null", Invocation.class).code()).isEqualTo(RejectionCode.MALFORMED);
  }

  @Test
  void shouldRejectTrailingGarbageAsMalformedWithItsPosition() {
    Rejection rejection = decodeInvalid("{\"targets\": []} {}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.line()).isEqualTo(1);
    assertThat(rejection.column()).isEqualTo(17);
  }

  @Test
  void shouldRejectTrailingNonJsonTextAsMalformed() {
    Rejection rejection = decodeInvalid("{\"targets\": []}\nxyz", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.line()).isEqualTo(2);
  }

  @Test
  void shouldRejectDuplicateKeysAsMalformed() {
    Rejection rejection =
        decodeInvalid("{\"join\": \"all\", \"join\": \"single\"}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.message()).contains("join");
  }

  @Test
  void shouldRejectUnknownTopLevelFieldWithItsName() {
    Rejection rejection = decodeInvalid("{\"targets\": [], \"joinn\": \"all\"}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(rejection.field()).isEqualTo("joinn");
    assertThat(rejection.message()).contains("joinn").contains("join");
  }

  @Test
  void shouldRejectUnknownFieldInsideTargetWithIndexedPath() {
    Rejection rejection =
        decodeInvalid("{\"targets\": [{\"agent\": \"a\", \"promt\": \"p\"}]}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(rejection.field()).isEqualTo("targets[0].promt");
  }

  @Test
  void shouldRejectUnknownFieldInSecondTargetWithItsIndex() {
    Rejection rejection =
        decodeInvalid(
            "{\"targets\": [{\"agent\": \"a\", \"prompt\": \"p\"}, {\"agent\": \"a\", \"x\": 1}]}",
            Invocation.class);

    assertThat(rejection.field()).isEqualTo("targets[1].x");
  }

  @Test
  void shouldRejectUnknownFieldInsideExecutor() {
    Rejection rejection =
        decodeInvalid("{\"targets\": [], \"executor\": {\"hnt\": \"auto\"}}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(rejection.field()).isEqualTo("executor.hnt");
  }

  @Test
  void shouldRejectBadEnumValueListingAllowedValues() {
    Rejection rejection = decodeInvalid("{\"join\": \"some\"}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("join");
    assertThat(rejection.message()).contains("single", "all", "detached").contains("'some'");
  }

  @Test
  void shouldRejectBadNestedEnumValueWithPath() {
    Rejection rejection = decodeInvalid("{\"tools\": {\"mode\": \"some\"}}", Invocation.class);

    assertThat(rejection.field()).isEqualTo("tools.mode");
    assertThat(rejection.message()).contains("inherit", "only", "none");
  }

  @Test
  void shouldRejectWrongTypeWithPathAndExpectedType() {
    Rejection rejection =
        decodeInvalid(
            "{\"targets\": [{\"agent\": \"a\", \"prompt\": \"p\", \"maxSteps\": \"ten\"}]}",
            Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("targets[0].maxSteps");
    assertThat(rejection.message()).contains("integer");
  }

  @Test
  void shouldNotCoerceNumbersToStrings() {
    Rejection rejection = decodeInvalid("{\"targets\": [{\"agent\": 12}]}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("targets[0].agent");
    assertThat(rejection.message()).contains("string");
  }

  @Test
  void shouldNotAcceptFractionForInteger() {
    Rejection rejection = decodeInvalid("{\"maxParallel\": 2.5}", Invocation.class);

    assertThat(rejection.field()).isEqualTo("maxParallel");
  }

  @Test
  void shouldRejectObjectWhereArrayExpected() {
    Rejection rejection = decodeInvalid("{\"targets\": {\"agent\": \"a\"}}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("targets");
    assertThat(rejection.message()).contains("array");
  }

  @Test
  void shouldReportConstructorRefusalAsInvalidValueWithPath() {
    Rejection rejection =
        decodeInvalid(
            "{\"targets\": [{\"agent\": \"a\", \"prompt\": \"p\","
                + " \"supervisor\": {\"maxRestarts\": -1}}]}",
            Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("targets[0].supervisor");
    assertThat(rejection.message()).contains("maxRestarts");
  }

  @Test
  void shouldReportBadTaskKeyAsInvalidValue() {
    Rejection rejection =
        decodeInvalid(
            "{\"key\": \"no-slash\", \"status\": \"queued\", \"attempts\": 0}", TaskSnapshot.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("key");
    assertThat(rejection.message()).contains("<invocationId>/<taskId>");
  }

  @Test
  void shouldReportNullInListAsInvalidValue() {
    Rejection rejection = decodeInvalid("{\"targets\": [null]}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("targets[0]");
  }

  @Test
  void shouldReportNumberOutOfRangeAsInvalidValue() {
    Rejection rejection = decodeInvalid("{\"maxParallel\": 99999999999}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("maxParallel");
  }

  @Test
  void shouldReportSyntaxErrorInsideNestedValueAsMalformed() {
    Rejection rejection =
        decodeInvalid("{\"targets\": [{\"agent\": \"a\", \"prompt\": tru}]}", Invocation.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(rejection.line()).isEqualTo(1);
  }

  @Test
  void shouldRejectNullForPrimitive() {
    Rejection rejection =
        decodeInvalid(
            "{\"key\": \"i/t\", \"status\": \"queued\", \"attempts\": null}", TaskSnapshot.class);

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_VALUE);
    assertThat(rejection.field()).isEqualTo("attempts");
  }

  @Test
  void shouldDecodeListsWithIndexedPaths() {
    Rejection rejection =
        JsonCodec.decode(
                    "[{\"name\": \"a\", \"kind\": \"echo\"}, {\"name\": \"b\", \"kind\": \"echo\","
                        + " \"x\": 1}]",
                    new TypeReference<List<AgentSpec>>() {})
                instanceof Decoded.Invalid<List<AgentSpec>> invalid
            ? invalid.rejection()
            : null;

    assertThat(rejection).isNotNull();
    assertThat(rejection.code()).isEqualTo(RejectionCode.UNKNOWN_FIELD);
    assertThat(rejection.field()).isEqualTo("[1].x");
  }

  @Test
  void shouldRejectObjectWhereListExpectedAsMalformed() {
    Decoded<List<AgentSpec>> decoded =
        JsonCodec.decode("{\"name\": \"a\"}", new TypeReference<List<AgentSpec>>() {});

    assertThat(decoded)
        .isInstanceOfSatisfying(
            Decoded.Invalid.class,
            invalid -> assertThat(invalid.rejection().code()).isEqualTo(RejectionCode.MALFORMED));
  }

  @Test
  void shouldReportInvalidUtf8AsMalformed() {
    byte[] bytes = "{\"workflowId\": \"x\"}".getBytes(StandardCharsets.UTF_8);
    bytes[16] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8

    Decoded<Invocation> decoded = JsonCodec.decode(bytes, Invocation.class);

    assertThat(decoded)
        .isInstanceOfSatisfying(
            Decoded.Invalid.class,
            invalid -> assertThat(invalid.rejection().code()).isEqualTo(RejectionCode.MALFORMED));
  }

  @Test
  void shouldWriteInstantsAsIsoStrings() {
    TaskSnapshot snapshot =
        new TaskSnapshot(
            TaskKey.parse("i/t"),
            null,
            null,
            "a",
            TaskStatus.QUEUED,
            null,
            List.of(),
            0,
            null,
            null,
            null,
            Instant.parse("2025-01-02T03:04:05.123Z"),
            null,
            null,
            null);

    assertThat(JsonCodec.encodeString(snapshot))
        .contains("\"createdAt\":\"2025-01-02T03:04:05.123Z\"");
  }

  @Test
  void shouldThrowFatalFromOrElseThrowOnInvalid() {
    Decoded<Invocation> decoded = JsonCodec.decode("[]", Invocation.class);

    assertThatThrownBy(decoded::orElseThrow)
        .isInstanceOf(FatalException.class)
        .hasMessageContaining("malformed");
  }
}
