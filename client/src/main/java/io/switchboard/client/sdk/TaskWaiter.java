package io.switchboard.client.sdk;

import io.switchboard.client.ApiError;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits for one task's final outcome. A task that is its invocation's only one (what {@link
 * Switchboard#spawn} makes) is waited on with the invocation's long poll; any other task is polled,
 * 50 ms doubling to 1 s. Coordinator outages are ridden out until the timeout.
 */
final class TaskWaiter {

  private static final Duration LONG_POLL = Duration.ofSeconds(1);
  private static final long FIRST_PAUSE_MS = 50;
  private static final long MAX_PAUSE_MS = 1000;

  private final SwitchboardClient client;

  TaskWaiter(SwitchboardClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  StepResult await(TaskKey key, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MS;
    Boolean alone = null;
    CoordinatorUnreachableException outage = null;
    while (true) {
      try {
        TaskSnapshot task = client.task(key).orElseThrow(() -> notFound(key));
        outage = null;
        if (task.status().isTerminal() && task.outcome() != null) {
          return StepResult.of(task.outcome());
        }
        if (alone == null) {
          alone = client.invocation(key.invocationId(), Duration.ZERO)
              .map(r -> r.tasks().size() == 1).orElse(false);
        }
        if (alone) {
          Duration wait = min(LONG_POLL, InvocationRunner.remaining(deadline));
          Optional<StepOutcome> done = client.invocation(key.invocationId(), wait)
              .filter(r -> r.status().isTerminal())
              .map(InvocationResult::outcomes)
              .flatMap(outcomes -> outcomes.stream().filter(o -> o.key().equals(key)).findFirst());
          if (done.isPresent()) {
            return StepResult.of(done.get());
          }
        }
      } catch (CoordinatorUnreachableException e) {
        outage = e;
      }
      long left = InvocationRunner.remaining(deadline).toMillis();
      if (left <= 0) {
        String why = outage == null ? "" : " (the coordinator is unreachable)";
        throw new WaitTimeoutException("task " + key + " still not finished after " + timeout + why,
            key.invocationId(), outage);
      }
      if (!Boolean.TRUE.equals(alone) || outage != null) {
        InvocationRunner.sleep(Math.min(pause, left));
        pause = Math.min(pause * 2, MAX_PAUSE_MS);
      }
    }
  }

  private static SwitchboardApiException notFound(TaskKey key) {
    return new SwitchboardApiException(404, ApiError.of("not_found", "no task " + key));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
