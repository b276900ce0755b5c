package io.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.switchboard.common.error.RejectionCode;
import java.util.Objects;

/**
 * Thrown by Switchboard's own deserializers to refuse a field with a specific {@link
 * RejectionCode}; {@link JsonCodec} turns it into a {@code Rejection} whose field is the full path.
 *
 * <p>The field is added to the exception's reference path, so enclosing objects and arrays prepend
 * their own names as Jackson unwinds ({@code spec.command}).
 */
public final class RejectedInputException extends JsonMappingException {

  private static final long serialVersionUID = 1L;

  private final RejectionCode code;

  /**
   * @param parser the parser in use, for its location (may be null)
   * @param code why the field is refused
   * @param owner the type being read (used only in Jackson's path description)
   * @param field the refused field's name, or null when the whole value is refused
   * @param message a human-readable explanation
   */
  public RejectedInputException(
      JsonParser parser, RejectionCode code, Class<?> owner, String field, String message) {
    super(parser, message);
    this.code = Objects.requireNonNull(code, "code");
    if (field != null) {
      prependPath(owner, field);
    }
  }

  /** Why the field is refused. */
  public RejectionCode code() {
    return code;
  }
}
