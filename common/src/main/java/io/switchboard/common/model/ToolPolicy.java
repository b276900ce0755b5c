package io.switchboard.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * Which tools a child task may use ({@code tools} in a submit request): the parent's ({@code
 * inherit}, the default), a subset of them ({@code only} with {@code names}), or none.
 *
 * <p>Contradictions ({@code only} without names, names with {@code inherit}) are reported by the
 * validator, not refused here.
 *
 * @param mode how the allowed set is derived
 * @param names the tools for {@code only}; empty otherwise
 */
public record ToolPolicy(Mode mode, List<String> names) {

  /** How the allowed set is derived from the parent's. */
  public enum Mode {
    INHERIT,
    ONLY,
    NONE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stable name on the wire. */
    @JsonValue
    public String wireName() {
      return wireName;
    }
  }

  public ToolPolicy {
    mode = mode == null ? Mode.INHERIT : mode;
    names = names == null ? List.of() : List.copyOf(names);
  }

  /** The parent's tools, the default. */
  public static ToolPolicy inherit() {
    return new ToolPolicy(Mode.INHERIT, List.of());
  }

  /** Only these tools (each must be one of the parent's). */
  public static ToolPolicy only(List<String> names) {
    return new ToolPolicy(Mode.ONLY, names);
  }

  /** No tools at all. */
  public static ToolPolicy none() {
    return new ToolPolicy(Mode.NONE, List.of());
  }
}
