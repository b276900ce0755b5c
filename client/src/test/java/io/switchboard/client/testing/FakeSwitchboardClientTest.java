package io.switchboard.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.CancelResult;
import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.TaskPage;
import io.switchboard.client.TaskQuery;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.InvocationStatus;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSwitchboardClientTest {

  private final FakeSwitchboardClient fake = new FakeSwitchboardClient();

  @AfterEach
  void close() {
    fake.close();
  }

  private static Invocation invocation(
      Join join, Integer maxParallel, Boolean failFast, List<Target> targets) {
    return new Invocation(null, join, targets, null, null, null, null, maxParallel, failFast);
  }

  private static List<Target> targets(String agent, int count) {
    return IntStream.range(0, count).mapToObj(i -> Target.of(agent, "p" + i)).toList();
  }

  @Test
  void shouldRunTargetsInParallelAndListOutcomesInInputOrder() {
    List<String> completion = new CopyOnWriteArrayList<>();
    fake.respond(
        "worker",
        target -> {
          int index = Integer.parseInt(target.prompt().substring(1));
          sleep((5 - index) * 60L); // the last target finishes first
          completion.add(target.prompt());
          return FakeSwitchboardClient.success("done " + target.prompt());
        });
    long started = System.nanoTime();

    Submission answer =
        fake.submit(invocation(null, null, null, targets("worker", 5)), Duration.ofSeconds(10));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(700));
    assertThat(completion).containsExactly("p4", "p3", "p2", "p1", "p0");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.result().join()).isEqualTo(Join.ALL);
    assertThat(answer.result().status()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(answer.result().outcomes())
        .extracting(StepOutcome::output)
        .containsExactly("done p0", "done p1", "done p2", "done p3", "done p4");
    assertThat(answer.result().outcomes())
        .extracting(o -> o.key().toString())
        .containsExactly("fake-1/0", "fake-1/1", "fake-1/2", "fake-1/3", "fake-1/4");
  }

  @Test
  void shouldRunAtMostMaxParallelAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    fake.respond(
        "w",
        target -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          sleep(30);
          running.decrementAndGet();
          return FakeSwitchboardClient.success("ok");
        });

    Submission answer =
        fake.submit(invocation(null, 2, null, targets("w", 8)), Duration.ofSeconds(10));

    assertThat(answer.result().status()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(peak.get()).isEqualTo(2);
  }

  @Test
  void shouldCancelTheSiblingsOfTheFirstFailureWithFailFast() {
    fake.respond(
        "w",
        target ->
            target.prompt().equals("p0")
                ? FakeSwitchboardClient.failure(ErrorCode.AGENT_ERROR, "boom")
                : FakeSwitchboardClient.success("ok"));

    Submission answer =
        fake.submit(invocation(null, 1, true, targets("w", 3)), Duration.ofSeconds(10));

    assertThat(answer.result().status()).isEqualTo(InvocationStatus.FAILED);
    assertThat(answer.result().outcomes())
        .extracting(o -> o.error().code())
        .containsExactly(ErrorCode.AGENT_ERROR, ErrorCode.CANCELLED, ErrorCode.CANCELLED);
  }

  @Test
  void shouldRefuseAnUnknownAgentLikeTheCoordinator() {
    assertThatThrownBy(
            () ->
                fake.submit(
                    invocation(null, null, null, List.of(Target.of("nope", "x"))), Duration.ZERO))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.code()).isEqualTo("unknown_agent");
              assertThat(e.field()).isEqualTo("targets[0].agent");
            });
    fake.respond("a", FakeSwitchboardClient.success("x"));
    assertThatThrownBy(
            () -> fake.submit(invocation(Join.SINGLE, null, null, targets("a", 2)), Duration.ZERO))
        .isInstanceOfSatisfying(
            SwitchboardApiException.class,
            e -> assertThat(e.code()).isEqualTo("join_single_needs_one_target"));
    assertThat(fake.submissions()).hasSize(2);
  }

  @Test
  void shouldAnswer202WhenNotFinishedAndLetTheCallerAwaitAndCancel() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    fake.respond(
        "slow",
        target -> {
          await(release);
          return FakeSwitchboardClient.success("late");
        });
    fake.putAgent(AgentSpec.of("echo", new AgentKind.Echo(0)));

    Submission answer =
        fake.submit(
            new Invocation(
                "wf",
                Join.ALL,
                List.of(Target.of("slow", "a"), Target.of("echo", "b")),
                null,
                null,
                null,
                null,
                null,
                null),
            Duration.ZERO);
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.result().status()).isEqualTo(InvocationStatus.RUNNING);
    assertThat(answer.result().outcomes()).isNull();

    TaskKey slow = TaskKey.of("wf", "0");
    List<ServerSentEvent> events = new CopyOnWriteArrayList<>();
    EventStream stream = fake.events(slow, events::add);
    assertThat(fake.cancel(slow)).isInstanceOf(CancelResult.Cancelling.class);
    stream.done().get(5, TimeUnit.SECONDS);
    release.countDown();

    InvocationResult result = fake.awaitInvocation("wf", Duration.ofSeconds(5), r -> {});
    assertThat(result.status()).isEqualTo(InvocationStatus.CANCELLED);
    assertThat(result.outcomes()).extracting(StepOutcome::success).containsExactly(false, true);
    assertThat(result.outcomes().get(1).output()).isEqualTo("b");
    assertThat(fake.cancel(slow)).isInstanceOf(CancelResult.AlreadyFinished.class);
    assertThat(fake.cancel(TaskKey.of("x", "y"))).isInstanceOf(CancelResult.NotFound.class);
    assertThat(events).extracting(ServerSentEvent::event).containsExactly("status", "result");
    assertThat(
            fake.submit(
                    new Invocation(
                        "wf",
                        Join.ALL,
                        List.of(Target.of("slow", "a"), Target.of("echo", "b")),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                    Duration.ZERO)
                .result()
                .outcomes())
        .allMatch(StepOutcome::replayed);
  }

  @Test
  void shouldListTasksByPageAndFilter() {
    fake.respondToAny(
        target ->
            target.prompt().endsWith("1")
                ? FakeSwitchboardClient.failure(ErrorCode.TIMEOUT, "slow")
                : FakeSwitchboardClient.success("ok"));
    fake.submit(invocation(null, null, null, targets("any", 5)), Duration.ofSeconds(5));

    List<String> keys = new ArrayList<>();
    TaskQuery query = TaskQuery.all().withLimit(2);
    TaskPage page;
    do {
      page = fake.tasks(query);
      page.tasks().forEach(t -> keys.add(t.key().toString()));
      query = query.withCursor(page.next());
    } while (page.next() != null);

    assertThat(keys).containsExactly("fake-1/0", "fake-1/1", "fake-1/2", "fake-1/3", "fake-1/4");
    assertThat(fake.tasks(TaskQuery.all().withStatus(TaskStatus.FAILED)).tasks())
        .singleElement()
        .satisfies(t -> assertThat(t.outcome().error().message()).isEqualTo("slow"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
