package io.switchboard.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.validate.OutputSchemas;
import io.switchboard.common.validate.SchemaCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Schemas derived from records accept what the record reads and refuse the rest. */
class OutputSchemaTest {

  enum Level { LOW, HIGH }

  record Item(String name, int count) {}

  record Report(String title, double score, boolean ok, Level level, List<Item> items,
      Map<String, Long> totals, Optional<String> note) {}

  record Loop(Loop next) {}

  private final OutputSchemas validator = new OutputSchemas();

  @Test
  void shouldAcceptJsonOfTheRecordsShapeAndMapItBack() {
    String json = "{\"title\":\"t\",\"score\":0.5,\"ok\":true,\"level\":\"HIGH\","
        + "\"items\":[{\"name\":\"a\",\"count\":2}],\"totals\":{\"x\":3}}";

    SchemaCheck check = validator.check(OutputSchema.of(Report.class), json);

    assertThat(check).isInstanceOf(SchemaCheck.Valid.class);
    StepResult result = new StepResult("0", io.switchboard.common.model.TaskKey.of("i", "0"),
        StepResult.Status.SUCCEEDED, json, ((SchemaCheck.Valid) check).structured(), null, 1, false);
    assertThat(result.structured(Report.class)).isEqualTo(new Report("t", 0.5, true, Level.HIGH,
        List.of(new Item("a", 2)), Map.of("x", 3L), Optional.empty()));
  }

  @Test
  void shouldRefuseMissingFieldsWrongTypesAndUnknownValues() {
    var schema = OutputSchema.of(Item.class);
    assertThat(validator.check(schema, "{\"name\":\"a\"}")).isInstanceOf(SchemaCheck.Mismatch.class);
    assertThat(validator.check(schema, "{\"name\":\"a\",\"count\":1.5}")).isInstanceOf(SchemaCheck.Mismatch.class);
    assertThat(validator.check(schema, "{\"name\":\"a\",\"count\":1,\"extra\":0}"))
        .isInstanceOf(SchemaCheck.Mismatch.class);
    assertThat(validator.check(OutputSchema.of(Report.class), "{\"title\":\"t\",\"score\":1,\"ok\":true,"
        + "\"level\":\"MEDIUM\",\"items\":[],\"totals\":{}}")).isInstanceOf(SchemaCheck.Mismatch.class);
    assertThat(validator.checkSchema(OutputSchema.of(Report.class), "outputSchema")).isEmpty();
  }

  @Test
  void shouldRefuseTypesWithoutAJsonShape() {
    assertThatThrownBy(() -> OutputSchema.of(Loop.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains itself");
    assertThatThrownBy(() -> OutputSchema.of(Thread.class)).isInstanceOf(IllegalArgumentException.class);
  }
}
