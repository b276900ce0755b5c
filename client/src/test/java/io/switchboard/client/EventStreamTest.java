package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.stub.StubCoordinator;
import io.switchboard.common.model.TaskKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private StubCoordinator stub;
  private SwitchboardClient client;

  @BeforeEach
  void start() throws Exception {
    stub = StubCoordinator.start();
    client = HttpSwitchboardClient.builder(stub.url()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    stub.close();
  }

  @Test
  void shouldDeliverEventsInOrderWithMultiLineDataUntilTheStreamEnds() throws Exception {
    stub.onStream(
        "/v1/tasks/inv/t/events",
        (request, body) -> {
          body.write(
              ("""
              event: status
              data: {"status": "running"}

              : comment

              event: log
              data: line one
              data: line two

              event: result
              data: {"success": true}

              """)
                  .getBytes(StandardCharsets.UTF_8));
          body.flush();
        });
    List<ServerSentEvent> events = new CopyOnWriteArrayList<>();

    EventStream stream = client.events(TaskKey.of("inv", "t"), events::add);
    stream.done().get(5, TimeUnit.SECONDS);

    assertThat(events)
        .extracting(ServerSentEvent::event)
        .containsExactly("status", "log", "result");
    assertThat(events.get(1).data()).isEqualTo("line one\nline two");
    assertThat(events.get(0).json())
        .hasValueSatisfying(node -> assertThat(node.path("status").asText()).isEqualTo("running"));
  }

  @Test
  void shouldStopWhenTheHandleIsClosed() throws Exception {
    CountDownLatch serverDone = new CountDownLatch(1);
    stub.onStream(
        "/v1/tasks/inv/t/events",
        (request, body) -> {
          try {
            body.write("event: status\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            for (int i = 0; i < 100; i++) { // a heartbeat every 50 ms until the client goes away
              Thread.sleep(50);
              body.write("event: heartbeat\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
              body.flush();
            }
          } finally {
            serverDone.countDown();
          }
        });
    CountDownLatch first = new CountDownLatch(1);

    EventStream stream = client.events(TaskKey.of("inv", "t"), event -> first.countDown());
    assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
    stream.close();

    stream.done().get(5, TimeUnit.SECONDS);
    assertThat(stream.done()).isCompleted();
    assertThat(serverDone.await(5, TimeUnit.SECONDS))
        .as("the server saw the client leave")
        .isTrue();
  }

  @Test
  void shouldEndAnOpenStreamWhenTheClientIsClosed() throws Exception {
    CountDownLatch serverDone = new CountDownLatch(1);
    stub.onStream(
        "/v1/tasks/inv/t/events",
        (request, body) -> {
          try {
            body.write("event: status\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            Thread.sleep(30_000); // an event stream with nothing to say for a while
          } finally {
            serverDone.countDown();
          }
        });
    CountDownLatch first = new CountDownLatch(1);
    EventStream stream = client.events(TaskKey.of("inv", "t"), event -> first.countDown());
    assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    client.close(); // waits up to a second for calls in flight, then aborts what is left
    stream.done().handle((done, error) -> null).get(5, TimeUnit.SECONDS);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the stream ended").isLessThan(4_000);
  }

  @Test
  void shouldThrowAtOnceForAnUnknownTask() {
    assertThatThrownBy(() -> client.events(TaskKey.of("nope", "0"), event -> {}))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
