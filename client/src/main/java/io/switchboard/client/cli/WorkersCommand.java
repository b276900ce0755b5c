package io.switchboard.client.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.model.WorkerInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code switchboard workers}: a table of the live workers. */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "List the live workers.")
public class WorkersCommand extends ClientCommand {

  /** The clock "last seen" is measured against; replaced in tests. */
  Clock clock = Clock.systemUTC();

  @Override
  protected int execute(SwitchboardClient client) {
    Table table = new Table("ID", "RUNNER", "AGENTS", "IN-FLIGHT/CAPACITY", "LAST SEEN");
    for (WorkerInfo worker : client.workers()) {
      table.row(
          worker.id(),
          worker.runner(),
          String.join(",", worker.agents()),
          worker.inFlight() + "/" + worker.capacity(),
          ago(worker.lastSeen()));
    }
    table.print(out());
    return ExitCodes.OK;
  }

  private String ago(Instant lastSeen) {
    if (lastSeen == null) {
      return null;
    }
    Duration age = Duration.between(lastSeen, clock.instant());
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    if (age.toSeconds() < 120) {
      return age.toSeconds() + "s ago";
    }
    return age.toMinutes() < 120 ? age.toMinutes() + "m ago" : age.toHours() + "h ago";
  }
}
