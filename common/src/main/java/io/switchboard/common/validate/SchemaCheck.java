package io.switchboard.common.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.error.TaskError;
import java.util.Objects;

/** The result of checking an output against its schema: the validated JSON, or why not. */
public sealed interface SchemaCheck {

  /** The output is JSON and matches; {@code structured} is the parsed output. */
  record Valid(JsonNode structured) implements SchemaCheck {
    public Valid {
      Objects.requireNonNull(structured, "structured");
    }
  }

  /** The output is not JSON or does not match; the error has code {@code schema_mismatch}. */
  record Mismatch(TaskError error) implements SchemaCheck {
    public Mismatch {
      Objects.requireNonNull(error, "error");
    }
  }
}
