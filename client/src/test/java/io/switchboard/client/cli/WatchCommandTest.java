package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.stub.Bodies;
import io.switchboard.client.stub.StubCoordinator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

  private StubCoordinator stub;

  @BeforeEach
  void start() throws Exception {
    stub = StubCoordinator.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private void streamThenHold(String events) {
    stub.onStream(
        "/v1/tasks/inv/t/events",
        (request, body) -> {
          body.write(events.getBytes(StandardCharsets.UTF_8));
          body.flush();
          Thread.sleep(10_000); // a live stream stays open: watch must stop at the result
        });
  }

  @Test
  void shouldPrintEventsUntilTheResultAndExitByItsOutcome() {
    streamThenHold(
        "event: status\ndata: "
            + Bodies.snapshot("inv/t", "running", "w-1").replace("\n", " ")
            + "\n\n"
            + "event: heartbeat\ndata: {}\n\n"
            + "event: log\ndata: {\"stream\": \"stderr\", \"line\": \"warming up\"}\n\n"
            + "event: progress\ndata: {\"message\": \"scanning\", \"done\": 2, \"total\": 5}\n\n"
            + "event: result\ndata: "
            + Bodies.ok("inv", "t", "all good").replace("\n", " ")
            + "\n\n");

    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--events", "inv/t");

    assertThat(run.exit()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "status    running  attempt 1  worker w-1",
            "log       [stderr] warming up",
            "progress  scanning  2/5",
            "result    succeeded  all good");
  }

  @Test
  void shouldExitOneWhenTheTaskFailed() {
    streamThenHold(
        "event: result\ndata: "
            + Bodies.failed("inv", "t", "worker_lost", "no heartbeat").replace("\n", " ")
            + "\n\n");

    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--events", "inv/t");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("result    failed  worker_lost: no heartbeat");
  }

  @Test
  void shouldExitOneForAnUnknownTasksEvents() {
    CliRun run = CliRun.of(new WatchCommand(), "--url", stub.url(), "--events", "inv/none");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("not_found");
  }
}
