package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.stub.Bodies;
import io.switchboard.client.stub.StubCoordinator;
import io.switchboard.client.stub.StubCoordinator.Reply;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.InvocationStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwaitInvocationTest {

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
  void shouldPollWithOneSecondWaitsUntilTheInvocationFinishes() {
    AtomicInteger polls = new AtomicInteger();
    stub.on(
        "GET",
        "/v1/invocations/inv",
        request ->
            polls.incrementAndGet() < 3
                ? Reply.json(202, Bodies.running("inv", "single", 1, 0, 0))
                : Reply.json(200, Bodies.singleSucceeded("inv", "done")));
    List<InvocationResult> seen = new CopyOnWriteArrayList<>();

    InvocationResult result = client.awaitInvocation("inv", Duration.ofSeconds(10), seen::add);

    assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(seen)
        .extracting(InvocationResult::status)
        .containsExactly(
            InvocationStatus.RUNNING, InvocationStatus.RUNNING, InvocationStatus.SUCCEEDED);
    assertThat(stub.requests()).allSatisfy(r -> assertThat(r.query()).isEqualTo("waitMs=1000"));
  }

  @Test
  void shouldReattachByItselfAfterTheCoordinatorWasDown() throws Exception {
    AtomicBoolean restarted = new AtomicBoolean();
    stub.on(
        "GET",
        "/v1/invocations/inv",
        request ->
            restarted.get()
                ? Reply.json(200, Bodies.singleSucceeded("inv", "after restart"))
                : Reply.json(202, Bodies.running("inv", "single", 1, 0, 0)));
    List<String> notes = new CopyOnWriteArrayList<>();
    AwaitListener listener =
        new AwaitListener() {
          @Override
          public void progress(InvocationResult result) {
            notes.add(result.status().wireName());
          }

          @Override
          public void reconnecting(CoordinatorUnreachableException cause) {
            notes.add("reconnecting");
          }

          @Override
          public void reconnected() {
            notes.add("reconnected");
          }
        };

    CompletableFuture<InvocationResult> waiting =
        CompletableFuture.supplyAsync(
            () -> client.awaitInvocation("inv", Duration.ofSeconds(30), listener));
    Thread.sleep(300);
    stub.stop();
    Thread.sleep(1000);
    restarted.set(true);
    stub.restart();

    InvocationResult result = waiting.get(15, TimeUnit.SECONDS);
    assertThat(result.outcomes().get(0).output()).isEqualTo("after restart");
    assertThat(notes).startsWith("running").endsWith("reconnecting", "reconnected", "succeeded");
    assertThat(notes).containsOnlyOnce("reconnecting");
  }

  @Test
  void shouldGiveUpWhenStillUnreachableAtTheTimeout() {
    stub.stop();
    List<String> notes = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                client.awaitInvocation(
                    "inv",
                    Duration.ofMillis(800),
                    new AwaitListener() {
                      @Override
                      public void progress(InvocationResult result) {}

                      @Override
                      public void reconnecting(CoordinatorUnreachableException cause) {
                        notes.add("reconnecting");
                      }
                    }))
        .isInstanceOf(CoordinatorUnreachableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
    assertThat(notes).containsExactly("reconnecting");
  }

  @Test
  void shouldReturnTheRunningResultWhenTheTimeoutPassesWhileAnswered() {
    stub.onJson("GET", "/v1/invocations/inv", 202, Bodies.running("inv", "all", 4, 1, 0));

    InvocationResult result = client.awaitInvocation("inv", Duration.ofMillis(400), r -> {});

    assertThat(result.status()).isEqualTo(InvocationStatus.RUNNING);
    assertThat(result.progress().done()).isEqualTo(1);
  }

  @Test
  void shouldFailForAnUnknownInvocation() {
    assertThatThrownBy(() -> client.awaitInvocation("nope", Duration.ofSeconds(5), r -> {}))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
