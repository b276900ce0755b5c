package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.stub.Bodies;
import io.switchboard.client.stub.StubCoordinator;
import io.switchboard.client.stub.StubCoordinator.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandsTest {

  private StubCoordinator stub;

  @BeforeEach
  void start() throws Exception {
    stub = StubCoordinator.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void shouldFollowCursorsUpToTheLimit() {
    stub.on(
        "GET",
        "/v1/tasks",
        request -> {
          String query = request.query();
          if (!query.contains("cursor=")) {
            return Reply.json(
                200,
                "{\"tasks\": ["
                    + Bodies.snapshot("inv/0", "succeeded", "w-1")
                    + ","
                    + Bodies.snapshot("inv/1", "running", "w-2")
                    + "], \"next\": \"p2\"}");
          }
          return Reply.json(
              200,
              "{\"tasks\": ["
                  + Bodies.snapshot("inv/2", "queued", null)
                  + ","
                  + Bodies.snapshot("inv/3", "queued", null)
                  + "], \"next\": \"p3\"}");
        });

    CliRun run =
        CliRun.of(
            new TasksCommand(),
            "--url",
            stub.url(),
            "--agent",
            "general",
            "--status",
            "queued",
            "--limit",
            "3");

    assertThat(run.exit()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "KEY    STATUS     AGENT    ATTEMPTS  WORKER",
            "inv/0  succeeded  general  1         w-1",
            "inv/1  running    general  1         w-2",
            "inv/2  queued     general  1         -");
    assertThat(stub.requests())
        .extracting(StubCoordinator.Request::query)
        .containsExactly(
            "status=queued&agent=general&limit=3", "status=queued&agent=general&limit=1&cursor=p2");
    assertThat(run.err()).contains("more tasks");
  }

  @Test
  void shouldRefuseAnUnknownStatus() {
    CliRun run = CliRun.of(new TasksCommand(), "--url", stub.url(), "--status", "done");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: invalid_value at --status");
  }

  @Test
  void shouldReportEachCancelAnswer() {
    stub.onJson(
        "POST",
        "/v1/tasks/inv/t/cancel",
        202,
        "{\"key\": \"inv/t\", \"cancelled\": [\"inv/t\", \"sub/0\"]}");
    CliRun cancelling = CliRun.of(new CancelCommand(), "--url", stub.url(), "inv/t");
    assertThat(cancelling.exit()).isZero();
    assertThat(cancelling.out()).isEqualTo("cancelling inv/t (2 tasks)\n");

    stub.onJson(
        "POST", "/v1/tasks/inv/t/cancel", 409, Bodies.error("conflict", null, "already succeeded"));
    CliRun finished = CliRun.of(new CancelCommand(), "--url", stub.url(), "inv/t");
    assertThat(finished.exit()).isEqualTo(1);
    assertThat(finished.err()).contains("already finished");

    CliRun unknown = CliRun.of(new CancelCommand(), "--url", stub.url(), "inv/zzz");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("not_found");
  }

  @Test
  void shouldListAgentsAndPutAFileOfThem(@TempDir Path dir) throws Exception {
    stub.onJson(
        "GET",
        "/v1/agents",
        200,
        """
        [{"name": "echo", "kind": "echo", "delayMs": 0, "runtimes": ["local", "remote"],
          "runner": "default", "tools": [], "maxSteps": null, "timeoutMs": null,
          "concurrency": null, "supervisor": null},
         {"name": "general", "kind": "command", "command": ["python3", "g.py"], "env": {},
          "workdir": null, "runtimes": ["remote"], "runner": "gpu", "tools": ["read", "grep"],
          "maxSteps": 10, "timeoutMs": 600000, "concurrency": 4, "supervisor": null}]\
        """);

    CliRun list = CliRun.of(new AgentsCommand(), "--url", stub.url());
    assertThat(list.exit()).isZero();
    assertThat(list.out().lines())
        .containsExactly(
            "NAME     KIND     RUNNER   RUNTIMES      TOOLS",
            "echo     echo     default  local,remote  -",
            "general  command  gpu      remote        read,grep");

    stub.on("PUT", "/v1/agents/a", request -> Reply.json(200, request.body()));
    stub.on("PUT", "/v1/agents/b", request -> Reply.json(204, ""));
    Path file =
        Files.writeString(
            dir.resolve("agents.json"),
            "[{\"name\": \"a\", \"kind\": \"echo\"}, {\"name\": \"b\", \"kind\": \"echo\","
                + " \"delayMs\": 5}]");
    CliRun put = CliRun.of(new AgentsCommand(), "put", "--url", stub.url(), file.toString());
    assertThat(put.exit()).isZero();
    assertThat(put.out()).isEqualTo("registered a (echo)\nregistered b (echo)\n");

    Path bad =
        Files.writeString(
            dir.resolve("bad.json"), "[{\"name\": \"c\", \"kind\": \"echo\", \"delay\": 1}]");
    CliRun refused = CliRun.of(new AgentsCommand(), "put", "--url", stub.url(), bad.toString());
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("unknown_field").contains("delay");
  }

  @Test
  void shouldListWorkers() {
    stub.onJson(
        "GET",
        "/v1/workers",
        200,
        """
        [{"id": "w-1", "runner": "default", "agents": ["general", "echo"], "inFlight": 3,
          "capacity": 8, "lastSeen": "2025-01-01T00:00:10Z", "host": "a",
          "startedAt": "2025-01-01T00:00:00Z"}]\
        """);
    WorkersCommand command = new WorkersCommand();
    command.clock = Clock.fixed(Instant.parse("2025-01-01T00:00:13Z"), ZoneOffset.UTC);

    CliRun run = CliRun.of(command, "--url", stub.url());

    assertThat(run.exit()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "ID   RUNNER   AGENTS        IN-FLIGHT/CAPACITY  LAST SEEN",
            "w-1  default  general,echo  3/8                 3s ago");
  }
}
