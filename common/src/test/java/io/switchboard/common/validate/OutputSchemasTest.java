package io.switchboard.common.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.json.Json;
import org.junit.jupiter.api.Test;

class OutputSchemasTest {

  static final OutputSchemas SCHEMAS = new OutputSchemas();

  static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  static JsonNode okSchema() throws Exception {
    return json(
        "{\"type\": \"object\", \"properties\": {\"ok\": {\"type\": \"boolean\"}}, \"required\":"
            + " [\"ok\"]}");
  }

  @Test
  void shouldReturnStructuredOutputWhenValid() throws Exception {
    SchemaCheck check = SCHEMAS.check(okSchema(), "{\"ok\": true}");

    assertThat(check).isEqualTo(new SchemaCheck.Valid(json("{\"ok\": true}")));
  }

  @Test
  void shouldReportMismatchWithValidatorMessages() throws Exception {
    SchemaCheck check = SCHEMAS.check(okSchema(), "{\"ok\": \"yes\"}");

    assertThat(check)
        .isInstanceOfSatisfying(
            SchemaCheck.Mismatch.class,
            mismatch -> {
              assertThat(mismatch.error().code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
              assertThat(mismatch.error().details()).isNotEmpty();
              assertThat(mismatch.error().details().get(0)).contains("ok");
            });
  }

  @Test
  void shouldReportMissingRequiredProperty() throws Exception {
    SchemaCheck check = SCHEMAS.check(okSchema(), "{}");

    assertThat(check)
        .isInstanceOfSatisfying(
            SchemaCheck.Mismatch.class,
            mismatch ->
                assertThat(mismatch.error().details())
                    .anySatisfy(d -> assertThat(d).contains("ok")));
  }

  @Test
  void shouldReportOutputThatIsNotJson() throws Exception {
    SchemaCheck check = SCHEMAS.check(okSchema(), "All good!");

    assertThat(check)
        .isInstanceOfSatisfying(
            SchemaCheck.Mismatch.class,
            mismatch -> {
              assertThat(mismatch.error().code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
              assertThat(mismatch.error().message()).startsWith("output is not JSON: ");
            });
    assertThat(SCHEMAS.check(okSchema(), "")).isInstanceOf(SchemaCheck.Mismatch.class);
    assertThat(SCHEMAS.check(okSchema(), "{\"ok\": true} trailing"))
        .isInstanceOf(SchemaCheck.Mismatch.class);
  }

  @Test
  void shouldAcceptValidSchemas() throws Exception {
    assertThat(SCHEMAS.checkSchema(okSchema(), "f")).isEmpty();
    assertThat(SCHEMAS.checkSchema(json("true"), "f")).isEmpty();
    assertThat(
            SCHEMAS.checkSchema(
                json("{\"$defs\": {\"n\": {\"type\": \"integer\"}}, \"$ref\": \"#/$defs/n\"}"),
                "f"))
        .isEmpty();
    assertThat(SCHEMAS.checkSchema(null, "f")).isEmpty();
  }

  @Test
  void shouldRejectInvalidSchemaAsInvalidSchema() throws Exception {
    Rejection rejection =
        SCHEMAS.checkSchema(json("{\"type\": 12}"), "targets[0].outputSchema").orElseThrow();

    assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_SCHEMA);
    assertThat(rejection.field()).isEqualTo("targets[0].outputSchema");
    assertThat(rejection.message()).contains("type");
  }

  @Test
  void shouldRejectSchemaThatIsNeitherObjectNorBoolean() throws Exception {
    assertThat(SCHEMAS.checkSchema(json("[1]"), "f")).isPresent();
    assertThat(SCHEMAS.checkSchema(json("\"object\""), "f")).isPresent();
  }

  @Test
  void shouldNeverFetchRemoteSchemas() throws Exception {
    JsonNode remote = json("{\"$ref\": \"http://127.0.0.1:1/evil.json\"}");

    assertThat(SCHEMAS.checkSchema(remote, "f"))
        .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(RejectionCode.INVALID_SCHEMA));
  }

  @Test
  void shouldReuseCompiledSchemasFromABoundedCache() throws Exception {
    OutputSchemas small = new OutputSchemas(2);
    for (int i = 0; i < 5; i++) {
      JsonNode schema = json("{\"type\": \"integer\", \"minimum\": " + i + "}");
      assertThat(small.check(schema, "3"))
          .isInstanceOf(i <= 3 ? SchemaCheck.Valid.class : SchemaCheck.Mismatch.class);
    }
  }
}
