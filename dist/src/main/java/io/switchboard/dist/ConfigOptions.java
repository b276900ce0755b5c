package io.switchboard.dist;

import io.switchboard.common.config.ConfigGroup;
import io.switchboard.common.config.ConfigKey;
import io.switchboard.common.config.ConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns declared configuration keys into picocli options, so each key is declared once (name, type,
 * default, doc, environment variable) and the command line, {@code --help} and docs/configuration.md
 * all follow from that declaration.
 */
final class ConfigOptions {

  private ConfigOptions() {}

  /** Adds one option per key of {@code groups} to {@code spec}. */
  static void addTo(CommandSpec spec, List<ConfigGroup> groups) {
    for (ConfigGroup group : groups) {
      for (ConfigKey<?> key : group.keys()) {
        if (spec.findOption(key.flag()) != null) {
          continue; // a key shared by two groups is one option
        }
        String shown = key.defaultValue() == null ? "" : " Default: " + key.defaultText() + ".";
        boolean repeatable = key.typeName().startsWith("key=value");
        spec.addOption(OptionSpec.builder(key.flag())
            .type(repeatable ? List.class : String.class)
            .auxiliaryTypes(String.class)
            .paramLabel("<" + key.typeName() + ">")
            .description(key.doc() + shown + " Env: " + key.env() + ".")
            .build());
      }
    }
  }

  /** The configuration of this invocation: flags given on the command line, then the environment. */
  static ConfigSource source(CommandSpec spec) {
    Map<String, String> flags = new HashMap<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      Object value = option.getValue();
      if (!name.startsWith("--") || value == null || option.usageHelp() || option.versionHelp()) {
        continue;
      }
      if (value instanceof List<?> values) {
        if (!values.isEmpty()) {
          flags.put(name.substring(2), String.join(";", values.stream().map(String::valueOf).toList()));
        }
      } else if (value instanceof String text) {
        flags.put(name.substring(2), text);
      }
    }
    return ConfigSource.ofFlags(flags);
  }

  /** Adds the options of every subcommand that declares configuration. */
  static CommandLine withConfigOptions(CommandLine commandLine) {
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommand() instanceof Configured configured) {
        addTo(sub.getCommandSpec(), configured.configGroups());
      }
    }
    return commandLine;
  }

  /** A command whose options are the keys of some configuration groups. */
  interface Configured {
    List<ConfigGroup> configGroups();
  }
}
