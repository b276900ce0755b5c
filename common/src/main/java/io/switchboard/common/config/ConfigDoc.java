package io.switchboard.common.config;

import java.util.List;

/** Renders configuration groups as the Markdown tables of docs/configuration.md. */
public final class ConfigDoc {

  private ConfigDoc() {}

  public static String markdown(List<ConfigGroup> groups) {
    StringBuilder out = new StringBuilder();
    for (ConfigGroup group : groups) {
      out.append("## ").append(group.title()).append("\n\n");
      out.append(group.description()).append("\n\n");
      out.append("| flag | environment | type | default | meaning |\n");
      out.append("|---|---|---|---|---|\n");
      for (ConfigKey<?> key : group.keys()) {
        out.append("| `").append(key.flag()).append("` | `").append(key.env()).append("` | ")
            .append(key.typeName()).append(" | ")
            .append(key.defaultValue() == null ? "" : "`" + key.defaultText() + "`").append(" | ")
            .append(key.doc().replace("|", "\\|")).append(" |\n");
      }
      out.append('\n');
    }
    return out.toString();
  }
}
