package io.switchboard.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The agent the process tests count runs with: a {@code command} agent named {@code ledger} that appends
 * one short line (atomic under PIPE_BUF) to a ledger file the moment it runs, works a while, and answers
 * its task key.
 */
final class LedgerAgent {

  private LedgerAgent() {}

  /**
   * Writes the agent's script into {@code dir} and registers it.
   *
   * @param line the shell words of each run's line, e.g. {@code "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT"}
   * @param seconds how long each run works, as {@code sleep} takes it
   */
  static void register(Api api, Path dir, Path ledger, String line, String seconds) throws Exception {
    Path script = dir.resolve("ledger.sh");
    Files.writeString(script, """
        #!/bin/sh
        cat > /dev/null
        echo "%s" >> "$LEDGER"
        sleep %s
        echo "$SWITCHBOARD_TASK_KEY"
        """.formatted(line, seconds));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    api.putAgent("{\"name\":\"ledger\",\"kind\":\"command\",\"command\":[\"" + script + "\"],\"env\":{\"LEDGER\":\""
        + ledger + "\"}}");
  }
}
