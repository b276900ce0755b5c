package io.switchboard.coordinator.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.SupervisorPolicy;
import io.switchboard.common.model.SupervisorPolicy.OnFailure;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SupervisorTest {

  private final Supervisor supervisor = new Supervisor(new Random(7));
  private final SupervisorPolicy restart3 = new SupervisorPolicy(OnFailure.RESTART, 3, 100, 1_000);

  @Test
  void shouldRestartRetryableFailuresWithGrowingBackoffUntilMaxRestarts() {
    for (ErrorCode retryable : new ErrorCode[] {ErrorCode.TIMEOUT, ErrorCode.WORKER_LOST, ErrorCode.TRANSIENT,
        ErrorCode.THROTTLED}) {
      assertThat(supervisor.decide(restart3, failed(1, retryable))).isInstanceOf(Decision.Restart.class);
    }
    var first = (Decision.Restart) supervisor.decide(restart3, failed(1, ErrorCode.TRANSIENT));
    var third = (Decision.Restart) supervisor.decide(restart3, failed(3, ErrorCode.TRANSIENT));
    assertThat(first.nextAttempt()).isEqualTo(2);
    assertThat(first.backoff()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(third.nextAttempt()).isEqualTo(4);
    assertThat(third.backoff()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    // three restarts done (attempt 4 failed): the failure stands
    assertThat(supervisor.decide(restart3, failed(4, ErrorCode.TRANSIENT))).isInstanceOf(Decision.Finish.class);
  }

  @Test
  void shouldCapBackoffAtMaxBackoff() {
    var late = (Decision.Restart) supervisor.decide(new SupervisorPolicy(OnFailure.RESTART, 50, 100, 1_000),
        failed(20, ErrorCode.TIMEOUT));
    assertThat(late.backoff()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
  }

  @Test
  void shouldNeverRestartNonRetryableFailures() {
    for (ErrorCode code : new ErrorCode[] {ErrorCode.AGENT_ERROR, ErrorCode.SCHEMA_MISMATCH, ErrorCode.POISON,
        ErrorCode.CANCELLED, ErrorCode.REJECTED_BY_HOOK}) {
      assertThat(supervisor.decide(restart3, failed(1, code))).as(code.name()).isInstanceOf(Decision.Finish.class);
    }
  }

  @Test
  void shouldStopOrEscalateOnAnyFailureAndLetSuccessStand() {
    var stop = new SupervisorPolicy(OnFailure.STOP, 3, 100, 1_000);
    var escalate = new SupervisorPolicy(OnFailure.ESCALATE, 3, 100, 1_000);
    assertThat(supervisor.decide(stop, failed(1, ErrorCode.TRANSIENT))).isInstanceOf(Decision.Finish.class);
    assertThat(supervisor.decide(escalate, failed(1, ErrorCode.AGENT_ERROR))).isInstanceOf(Decision.Escalate.class);
    TaskResult ok = TaskResult.of(TaskKey.of("i", "t"), 1, new Outcome.Succeeded("x", null), "w", Instant.EPOCH,
        Instant.EPOCH);
    assertThat(supervisor.decide(escalate, ok)).isInstanceOf(Decision.Finish.class);
  }

  private static TaskResult failed(int attempt, ErrorCode code) {
    return TaskResult.of(TaskKey.of("i", "t"), attempt, new Outcome.Failed(TaskError.of(code, "boom")), "w",
        Instant.EPOCH, Instant.EPOCH);
  }
}
