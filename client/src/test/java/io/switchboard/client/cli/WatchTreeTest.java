package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.stub.Bodies;
import io.switchboard.client.stub.StubCoordinator;
import io.switchboard.client.stub.StubCoordinator.Reply;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchTreeTest {

  private StubCoordinator stub;

  @BeforeEach
  void start() throws Exception {
    stub = StubCoordinator.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private static String task(String key, String status, String parent, String children, String outcome) {
    String[] parts = key.split("/", 2);
    return """
        {"key": "%s", "invocationId": "%s", "taskId": "%s", "agent": "writer", "status": "%s",
         "parent": %s, "children": [%s], "attempts": 1, "worker": "w-1", "runner": "default",
         "executor": "remote", "createdAt": "2025-01-01T00:00:00Z", "startedAt": null, "finishedAt": null,
         "outcome": %s}
        """.formatted(key, parts[0], parts[1], status, parent == null ? "null" : "\"" + parent + "\"",
        children, outcome);
  }

  private static String ok(String key, String output) {
    String[] parts = key.split("/", 2);
    return Bodies.ok(parts[0], parts[1], output);
  }

  @Test
  void shouldDrawTheTreeWithStatusesAndChildrenDoneUntilTheRootFinishes() {
    AtomicInteger reads = new AtomicInteger();
    stub.on("GET", "/v1/tasks/inv/root", request -> {
      boolean done = reads.incrementAndGet() >= 3;
      return Reply.json(200, task("inv/root", done ? "succeeded" : "running", null,
          "\"c1/a\", \"c1/b\"", done ? ok("inv/root", "report") : "null"));
    });
    stub.on("GET", "/v1/tasks", request -> {
      assertThat(request.query()).contains("parent=inv%2Froot");
      boolean later = reads.get() >= 2;
      return Reply.json(200, "{\"tasks\": [" + task("c1/a", "succeeded", "inv/root", "", ok("c1/a", "x")) + ", "
          + task("c1/b", later ? "succeeded" : "running", "inv/root", "", later ? ok("c1/b", "y") : "null")
          + "], \"next\": null}");
    });

    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--interval-ms", "20", "inv/root");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("inv/root  running  writer  worker w-1  children 1/2 done\n"
            + "├─ c1/a  succeeded  writer\n"
            + "└─ c1/b  running  writer  worker w-1\n")
        .contains("inv/root  succeeded  writer  children 2/2 done\n"
            + "├─ c1/a  succeeded  writer\n"
            + "└─ c1/b  succeeded  writer\n")
        .endsWith("result    succeeded  report\n");
  }

  @Test
  void shouldShowTheLatestProgressOfAnUnfinishedTask() {
    AtomicInteger readsSinceStream = new AtomicInteger(-1_000_000);
    stub.on("GET", "/v1/tasks/inv/root", request -> {
      boolean done = readsSinceStream.incrementAndGet() >= 25;
      return Reply.json(200, task("inv/root", done ? "succeeded" : "running", null, "\"c1/b\"",
          done ? ok("inv/root", "report") : "null"));
    });
    stub.onJson("GET", "/v1/tasks", 200,
        "{\"tasks\": [" + task("c1/b", "running", "inv/root", "", "null") + "], \"next\": null}");
    stub.onStream("/v1/tasks/c1/b/events", (request, body) -> {
      body.write("event: progress\ndata: {\"message\": \"scanning\", \"done\": 2, \"total\": 5}\n\n"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      body.flush();
      readsSinceStream.set(0);
      Thread.sleep(5_000);
    });

    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--interval-ms", "20", "inv/root");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("└─ c1/b  running  writer  worker w-1  scanning  2/5\n");
  }

  @Test
  void shouldCountWhatTheBudgetLeavesOut() {
    stub.onJson("GET", "/v1/tasks/inv/root", 200,
        task("inv/root", "failed", null, "\"c1/a\", \"c1/b\", \"c1/c\"",
            Bodies.failed("inv", "root", "agent_error", "exit 3")));
    stub.onJson("GET", "/v1/tasks", 200,
        "{\"tasks\": [" + task("c1/a", "succeeded", "inv/root", "", ok("c1/a", "x")) + "], \"next\": \"more\"}");

    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--max-tasks", "2", "inv/root");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("inv/root  failed  writer  children 1/3 done  agent_error: exit 3")
        .contains("└─ c1/a  succeeded  writer")
        .contains("... and 2 more task(s) not shown (--max-tasks)");
  }

  @Test
  void shouldExitOneForAnUnknownTask() {
    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "inv/none");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("not_found");
  }

  @Test
  void shouldRefuseATooShortInterval() {
    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--interval-ms", "1", "inv/root");

    assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(run.err()).contains("--interval-ms");
  }
}
