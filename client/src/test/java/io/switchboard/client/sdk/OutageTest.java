package io.switchboard.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.CancelResult;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TaskPage;
import io.switchboard.client.TaskQuery;
import io.switchboard.client.testing.FakeSwitchboardClient;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.WorkerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SDK through coordinator outages: answers lost after the request took effect, refused connections. */
@Timeout(60)
class OutageTest {

  private final FakeSwitchboardClient fake = new FakeSwitchboardClient();
  private final Flaky flaky = new Flaky(fake);
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void shouldResendASubmitWhoseAnswerWasLostWithTheSameIdAndRunEveryStepOnce() {
    fake.respond("work", target -> {
      runs.computeIfAbsent(target.prompt(), p -> new AtomicInteger()).incrementAndGet();
      return FakeSwitchboardClient.success(target.prompt());
    });
    flaky.lostSubmitAnswers.set(2); // the coordinator took the submit, then the connection broke: twice

    List<StepResult> results = Switchboard.over(flaky).parallel(Step.of("work", "a"), Step.of("work", "b"));

    assertThat(results).extracting(StepResult::output).containsExactly("a", "b");
    assertThat(fake.submissions()).hasSize(3)
        .extracting(Invocation::workflowId).containsOnly(fake.submissions().get(0).workflowId());
    assertThat(runs).containsOnlyKeys("a", "b").allSatisfy((p, n) -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void shouldKeepWaitingWhileTheCoordinatorIsDownAndAttachWhenItIsBack() {
    fake.respond("work", target -> {
      sleep(300);
      return FakeSwitchboardClient.success(target.prompt());
    });
    flaky.failedReads.set(3); // three reads while it waits find no coordinator

    List<StepResult> results = Switchboard.over(flaky).parallelResumable(
        List.of(Step.of("work", "a"), Step.of("work", "b")), "through-outage");

    assertThat(results).extracting(StepResult::output).containsExactly("a", "b");
    assertThat(flaky.failedReads.get()).isZero();
  }

  @Test
  void shouldGiveUpAtTheTimeoutWithoutCancellingTheWork() {
    fake.respond("work", target -> FakeSwitchboardClient.success(target.prompt()));
    flaky.refuseAll = true;
    Switchboard sb = Switchboard.over(flaky).withOptions(Options.defaults().withTimeout(Duration.ofMillis(600)));

    assertThatThrownBy(() -> sb.parallelResumable(List.of(Step.of("work", "a")), "never-reached"))
        .isInstanceOf(WaitTimeoutException.class)
        .hasCauseInstanceOf(CoordinatorUnreachableException.class)
        .satisfies(e -> assertThat(((WaitTimeoutException) e).invocationId()).isEqualTo("never-reached"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A client that loses answers and refuses connections on request, otherwise the fake. */
  private static final class Flaky implements SwitchboardClient {
    private final SwitchboardClient real;
    final AtomicInteger lostSubmitAnswers = new AtomicInteger();
    final AtomicInteger failedReads = new AtomicInteger();
    volatile boolean refuseAll;

    Flaky(SwitchboardClient real) {
      this.real = real;
    }

    private static CoordinatorUnreachableException down(boolean tookEffect) {
      return new CoordinatorUnreachableException("connection lost", null, 0, tookEffect);
    }

    @Override
    public Submission submit(Invocation invocation, Duration wait) {
      if (refuseAll) {
        throw down(false);
      }
      Submission answer = real.submit(invocation, Duration.ZERO);
      if (lostSubmitAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw down(true);
      }
      return answer;
    }

    @Override
    public Optional<InvocationResult> invocation(String invocationId, Duration wait) {
      if (refuseAll || failedReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw down(false);
      }
      return real.invocation(invocationId, wait);
    }

    @Override
    public Optional<TaskSnapshot> task(TaskKey key) {
      return real.task(key);
    }

    @Override
    public TaskPage tasks(TaskQuery query) {
      return real.tasks(query);
    }

    @Override
    public CancelResult cancel(TaskKey key) {
      return real.cancel(key);
    }

    @Override
    public List<AgentSpec> agents() {
      return real.agents();
    }

    @Override
    public Optional<AgentSpec> agent(String name) {
      return real.agent(name);
    }

    @Override
    public AgentSpec putAgent(AgentSpec spec) {
      return real.putAgent(spec);
    }

    @Override
    public List<WorkerInfo> workers() {
      return real.workers();
    }

    @Override
    public EventStream events(TaskKey key, Consumer<ServerSentEvent> onEvent) {
      return real.events(key, onEvent);
    }
  }
}
