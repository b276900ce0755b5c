package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.stub.StubCoordinator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ClientCommandsTest {

  @Command(name = "switchboard")
  static final class Root implements Runnable {
    @Override
    public void run() {}
  }

  @Test
  void shouldRegisterEveryCommandWithWorkingHelp() {
    CommandLine root = ClientCommands.register(new CommandLine(new Root()));

    assertThat(root.getSubcommands().keySet())
        .containsExactly("run", "tasks", "cancel", "watch", "agents", "workers");
    assertThat(root.getSubcommands().get("agents").getSubcommands()).containsKey("put");
    for (String name : root.getSubcommands().keySet()) {
      CliRun help = CliRun.of(ClientCommands.register(new CommandLine(new Root())), name, "--help");
      assertThat(help.exit()).as(name).isZero();
    }
    CliRun runHelp = CliRun.of(ClientCommands.register(new CommandLine(new Root())), "run", "-h");
    assertThat(runHelp.out()).contains("--agent=AGENT", "--wait-timeout-ms", "http://127.0.0.1:8080");
  }

  @Test
  void shouldSendTheTokenOnlyWhenGiven() throws Exception {
    try (StubCoordinator stub = StubCoordinator.start()) {
      stub.onJson("GET", "/v1/workers", 200, "[]");

      CliRun.of(new WorkersCommand(), "--url", stub.url());
      CliRun.of(new WorkersCommand(), "--url", stub.url() + "/", "--token", "t0k");

      assertThat(stub.requests())
          .extracting(StubCoordinator.Request::authorization)
          .containsExactly(null, "Bearer t0k");
    }
  }

  @Test
  void shouldRefuseAUrlThatIsNotHttp() {
    CliRun run = CliRun.of(new WorkersCommand(), "--url", "ftp://x");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: invalid_value at --url");
  }
}
