package io.switchboard.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.CancelResult;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.testing.FakeSwitchboardClient;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationStatus;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SDK's own logic, on the in-memory {@link FakeSwitchboardClient}. */
@Timeout(60)
class SwitchboardTest {

  private final FakeSwitchboardClient fake = new FakeSwitchboardClient();
  private final Switchboard sb = Switchboard.over(fake);

  @AfterEach
  void close() {
    sb.close();
    fake.close();
  }

  @Test
  void shouldReturnParallelResultsInInputOrderWhenLaterStepsFinishFirst() {
    fake.respond("echo", target -> {
      int i = Integer.parseInt(target.prompt());
      sleep((6 - i) * 40L);
      return FakeSwitchboardClient.success("out" + i);
    });
    List<Step> steps = IntStream.range(0, 6).mapToObj(i -> Step.of("echo", "" + i)).toList();

    List<StepResult> results = sb.parallel(steps);

    assertThat(results).extracting(StepResult::output)
        .containsExactly("out0", "out1", "out2", "out3", "out4", "out5");
    assertThat(results).allMatch(StepResult::success);
    assertThat(fake.submissions()).hasSize(1);
    assertThat(fake.submissions().get(0).join()).isEqualTo(Join.ALL);
    assertThat(fake.submissions().get(0).workflowId()).as("an id, so a lost answer can be resent")
        .startsWith("inv-");
  }

  @Test
  void shouldPassMaxParallelAndFailFastToTheInvocation() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    fake.respond("slow", target -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      sleep(30);
      running.decrementAndGet();
      return FakeSwitchboardClient.success(target.prompt());
    });
    List<Step> steps = IntStream.range(0, 8).mapToObj(i -> Step.of("slow", "s" + i)).toList();

    List<StepResult> results = sb.parallel(steps, Options.defaults().withMaxParallel(2).withFailFast(true));

    assertThat(results).hasSize(8).allMatch(StepResult::success);
    assertThat(most.get()).isLessThanOrEqualTo(2);
    Invocation sent = fake.submissions().get(0);
    assertThat(sent.maxParallel()).isEqualTo(2);
    assertThat(sent.failFast()).isTrue();
  }

  @Test
  void shouldLetAFastItemFinishThePipelineWhileASlowItemIsStillInItsFirstStage() {
    CountDownLatch fastDone = new CountDownLatch(1);
    fake.respond("stage", target -> {
      if (target.prompt().equals("slow@0")) {
        // held until the fast item has been through every stage: with a barrier this would never end
        await(fastDone);
      }
      if (target.prompt().equals("fast@2")) {
        fastDone.countDown();
      }
      return FakeSwitchboardClient.success(target.prompt());
    });
    List<Stage<String>> stages = List.of(
        ctx -> Step.of("stage", ctx.item() + "@0"),
        ctx -> Step.of("stage", ctx.item() + "@1"),
        ctx -> Step.of("stage", ctx.item() + "@2"));

    List<ItemResult<String>> results = sb.pipeline(List.of("slow", "fast"), stages);

    assertThat(results).extracting(ItemResult::item).containsExactly("slow", "fast");
    assertThat(results).allMatch(ItemResult::completed);
    assertThat(results.get(0).output()).contains("slow@2");
    assertThat(results.get(1).steps()).extracting(StepResult::output)
        .containsExactly("fast@0", "fast@1", "fast@2");
  }

  @Test
  void shouldStopOnlyTheItemWhoseStageReturnsNullThrowsOrFails() {
    fake.respond("stage", target -> target.prompt().startsWith("bad")
        ? FakeSwitchboardClient.failure(ErrorCode.AGENT_ERROR, "bad input")
        : FakeSwitchboardClient.success(target.prompt().toUpperCase()));
    IllegalStateException boom = new IllegalStateException("boom");
    List<Stage<String>> stages = List.of(
        ctx -> Step.of("stage", ctx.item()),
        ctx -> {
          if (ctx.item().equals("stop")) {
            return null;
          }
          if (ctx.item().equals("throw")) {
            throw boom;
          }
          return Step.of("stage", ctx.previousOutput().orElseThrow() + "+");
        });

    List<ItemResult<String>> results = sb.pipeline(List.of("ok", "stop", "throw", "bad"), stages);

    assertThat(results).extracting(ItemResult::status).containsExactly(ItemResult.Status.COMPLETED,
        ItemResult.Status.STOPPED, ItemResult.Status.ERROR, ItemResult.Status.FAILED);
    assertThat(results.get(0).output()).contains("OK+");
    assertThat(results.get(1).stage()).isEqualTo(1);
    assertThat(results.get(1).steps()).extracting(StepResult::output).containsExactly("STOP");
    assertThat(results.get(2).stage()).isEqualTo(1);
    assertThat(results.get(2).exception()).isSameAs(boom);
    assertThat(results.get(3).stage()).isZero();
    assertThat(results.get(3).last().orElseThrow().error().message()).isEqualTo("bad input");
  }

  @Test
  void shouldStopAnItemWhoseStepIsRefusedAndRunTheOthers() {
    fake.respond("stage", target -> FakeSwitchboardClient.success(target.prompt()));
    List<Stage<String>> stages = List.of(ctx -> Step.of(ctx.item().equals("x") ? "nobody" : "stage", ctx.item()));

    List<ItemResult<String>> results = sb.pipeline(List.of("a", "x", "b"), stages);

    assertThat(results).extracting(ItemResult::status).containsExactly(ItemResult.Status.COMPLETED,
        ItemResult.Status.ERROR, ItemResult.Status.COMPLETED);
    assertThat(results.get(1).exception()).isInstanceOf(SwitchboardApiException.class)
        .hasMessageContaining("unknown_agent");
  }

  @Test
  void shouldBoundThePipelineStepsInFlight() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    fake.respond("stage", target -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      sleep(20);
      running.decrementAndGet();
      return FakeSwitchboardClient.success(target.prompt());
    });
    List<Stage<Integer>> stages = List.of(ctx -> Step.of("stage", "a" + ctx.item()),
        ctx -> Step.of("stage", "b" + ctx.item()));

    List<ItemResult<Integer>> results = sb.pipeline(IntStream.range(0, 10).boxed().toList(), stages,
        Options.defaults().withMaxParallel(3));

    assertThat(results).allMatch(ItemResult::completed);
    assertThat(most.get()).isBetween(1, 3);
  }

  /** What an agent answers as JSON; mapped back with structured(Verdict.class). */
  record Verdict(boolean memorySafe, String language, List<String> reasons) {}

  @Test
  void shouldMapStructuredOutputToARecord() throws Exception {
    var json = Json.mapper().readTree("{\"memorySafe\":true,\"language\":\"Rust\",\"reasons\":[\"borrowck\"]}");
    fake.respond("judge", target -> FakeSwitchboardClient.success("{...}", json));

    StepResult result = sb.invoke(Step.of("judge", "Is Rust memory-safe?").returning(Verdict.class));

    assertThat(result.structured(Verdict.class))
        .isEqualTo(new Verdict(true, "Rust", List.of("borrowck")));
    assertThat(fake.submissions().get(0).targets().get(0).outputSchema())
        .isEqualTo(OutputSchema.of(Verdict.class));
  }

  @Test
  void shouldSayWhyThereIsNoStructuredOutput() {
    fake.respond("plain", FakeSwitchboardClient.success("just text"));
    fake.respond("broken", FakeSwitchboardClient.failure(ErrorCode.SCHEMA_MISMATCH, "not JSON"));

    StepResult plain = sb.invoke(Step.of("plain", "x"));
    StepResult broken = sb.invoke(Step.of("broken", "x"));

    assertThatThrownBy(() -> plain.structured(Verdict.class))
        .isInstanceOf(StructuredOutputException.class).hasMessageContaining("no output schema");
    assertThatThrownBy(() -> broken.structured(Verdict.class))
        .isInstanceOf(StructuredOutputException.class).hasMessageContaining("schema_mismatch: not JSON");
    assertThat(broken.status()).isEqualTo(StepResult.Status.FAILED);
    assertThat(broken.errorCode()).contains(ErrorCode.SCHEMA_MISMATCH);
  }

  @Test
  void shouldReplayFinishedStepsWhenAResumableRunIsCalledAgain() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    fake.respond("work", target -> {
      runs.computeIfAbsent(target.prompt(), p -> new AtomicInteger()).incrementAndGet();
      return FakeSwitchboardClient.success("did " + target.prompt());
    });
    List<Step> steps = List.of(Step.of("work", "a").withTaskId("a"), Step.of("work", "b").withTaskId("b"));

    List<StepResult> first = sb.parallelResumable(steps, "nightly");
    List<StepResult> again = sb.parallelResumable(steps, "nightly");

    assertThat(first).extracting(StepResult::key)
        .containsExactly(TaskKey.of("nightly", "a"), TaskKey.of("nightly", "b"));
    assertThat(first).noneMatch(StepResult::replayed);
    assertThat(again).extracting(StepResult::output).containsExactly("did a", "did b");
    assertThat(again).allMatch(StepResult::replayed);
    assertThat(runs).containsOnlyKeys("a", "b").allSatisfy((p, n) -> assertThat(n.get()).isEqualTo(1));
    assertThatThrownBy(() -> sb.parallelResumable(steps, " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSpawnListAwaitAndKillTasks() {
    CountDownLatch release = new CountDownLatch(1);
    fake.respond("quick", target -> FakeSwitchboardClient.success("done"));
    fake.respond("hang", target -> {
      await(release);
      return FakeSwitchboardClient.success("late");
    });
    TaskKey parent = sb.spawn(Step.of("hang", "parent"));
    Switchboard inside = Switchboard.over(fake, parent);

    TaskKey quick = inside.spawn(Step.of("quick", "q"));
    TaskKey hanging = inside.spawn(Step.of("hang", "h"));

    assertThat(inside.await(quick).output()).isEqualTo("done");
    assertThat(inside.children()).extracting(TaskSnapshot::key).containsExactlyInAnyOrder(quick, hanging);
    assertThat(sb.list(io.switchboard.client.TaskQuery.all().withStatus(TaskStatus.SUCCEEDED)))
        .extracting(TaskSnapshot::key).containsExactly(quick);
    CancelResult killed = sb.kill(parent);
    assertThat(killed).isInstanceOf(CancelResult.Cancelling.class);
    assertThat(((CancelResult.Cancelling) killed).cancelled()).containsExactlyInAnyOrder(parent, hanging);
    assertThat(inside.await(hanging).status()).isEqualTo(StepResult.Status.CANCELLED);
    assertThat(sb.kill(quick)).isInstanceOf(CancelResult.AlreadyFinished.class);
    assertThat(fake.submissions().get(1).parentTaskId()).isEqualTo(parent.toString());
    assertThat(fake.submissions().get(1).join()).isEqualTo(Join.DETACHED);
    release.countDown();
  }

  @Test
  void shouldTimeOutAWaitWithoutCancellingTheTask() {
    CountDownLatch release = new CountDownLatch(1);
    fake.respond("hang", target -> {
      await(release);
      return FakeSwitchboardClient.success("late");
    });
    TaskKey key = sb.spawn(Step.of("hang", "h"));

    assertThatThrownBy(() -> sb.await(key, Duration.ofMillis(200))).isInstanceOf(WaitTimeoutException.class)
        .hasMessageContaining(key.toString());
    assertThatThrownBy(() -> sb.withOptions(Options.defaults().withTimeout(Duration.ofMillis(200)))
        .invoke(Step.of("hang", "h2"))).isInstanceOf(WaitTimeoutException.class);
    release.countDown();
    assertThat(sb.await(key).output()).isEqualTo("late");
  }

  @Test
  void shouldRunARawInvocationAsAChildOfTheEnvironmentsTask() {
    fake.respond("echo", target -> FakeSwitchboardClient.success(target.prompt()));
    TaskKey me = sb.spawn(Step.of("echo", "me"));
    Switchboard child = Switchboard.over(fake, me);

    RunResult result = child.invoke(new Invocation("raw", Join.ALL,
        List.of(Target.of("echo", "x"), Target.of("echo", "y")), null, null, null, null, null, null));

    assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(result.steps()).extracting(StepResult::output).containsExactly("x", "y");
    assertThat(fake.submissions().get(1).parentTaskId()).isEqualTo(me.toString());
    assertThat(child.children()).hasSize(2);
  }

  @Test
  void shouldTakeTheParentAndCoordinatorFromTheEnvironment() {
    try (Switchboard fromEnv = Switchboard.fromEnvironment(
        Map.of("SWITCHBOARD_URL", "http://127.0.0.1:1", "SWITCHBOARD_TASK_KEY", "inv-1/agent"))) {
      assertThat(fromEnv.parent()).contains(TaskKey.of("inv-1", "agent"));
    }
    try (Switchboard topLevel = Switchboard.fromEnvironment(Map.of("SWITCHBOARD_URL", "http://127.0.0.1:1"))) {
      assertThat(topLevel.parent()).isEmpty();
    }
    assertThatThrownBy(() -> Switchboard.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SWITCHBOARD_URL");
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
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("released").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
