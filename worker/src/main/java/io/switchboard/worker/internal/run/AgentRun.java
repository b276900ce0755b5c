package io.switchboard.worker.internal.run;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.validate.OutputSchemas;
import io.switchboard.common.validate.SchemaCheck;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.worker.agent.Agent;
import io.switchboard.worker.agent.AgentOutput;
import io.switchboard.worker.agent.AgentTask;
import io.switchboard.worker.internal.agents.AgentLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task's agent: waits for a slot of the worker and a permit of the agent, arms the {@code started}
 * event (published once the agent has run for {@code startedEventAfter}, so a quick task reports its start
 * in its result alone) and the time limit, calls the agent and turns what happened into a {@link Verdict}
 * (a cancel wins over whatever the agent returned; the output is checked against the output schema).
 */
final class AgentRun {

  private static final Logger log = LoggerFactory.getLogger(AgentRun.class);

  private final Semaphore slots;
  private final AgentLimits limits;
  private final OutputSchemas schemas;
  private final ScheduledExecutorService timer;
  private final Duration startedEventAfter;
  private final Clock clock;

  AgentRun(Semaphore slots, AgentLimits limits, OutputSchemas schemas, ScheduledExecutorService timer,
      Duration startedEventAfter, Clock clock) {
    this.slots = slots;
    this.limits = limits;
    this.schemas = schemas;
    this.timer = timer;
    this.startedEventAfter = startedEventAfter;
    this.clock = clock;
  }

  Verdict run(TaskEnvelope envelope, TaskExecution execution, Agent agent) {
    Instant startedAt = null;
    AgentOutput output = null;
    TaskError crash = null;
    boolean slot = false;
    ScheduledFuture<?> expiry = null;
    ScheduledFuture<?> announce = null;
    try {
      AgentLimits.Permit permit = limits.acquire(envelope.agent()); // before a slot: a waiting task holds none
      try {
        slots.acquire();
        slot = true;
        startedAt = clock.instant();
        Duration limit = limit(envelope, startedAt);
        if (limit != null && limit.toMillis() <= 0) {
          execution.finish();
          return new Verdict.Publish(timedOut("the deadline passed before the task started"), null);
        }
        execution.started(startedAt, limit);
        announce = announceStarted(execution);
        log.debug("task {} attempt {}: started agent {} (limit {})", envelope.key(), envelope.attempt(),
            envelope.agent().name(), limit == null ? "none" : limit.toMillis() + " ms");
        if (limit != null) {
          expiry = armTimeout(execution, limit);
        }
        output = agent.run(AgentTask.of(envelope), execution);
      } finally {
        permit.close();
      }
    } catch (InterruptedException e) {
      // cancelled, timed out or handed back: the cause below says which
    } catch (Exception e) {
      crash = TaskError.of(ErrorCode.AGENT_ERROR, describe(e));
    } catch (Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      crash = TaskError.of(ErrorCode.AGENT_ERROR, describe(e));
    } finally {
      if (expiry != null) {
        expiry.cancel(false);
      }
      if (announce != null) {
        announce.cancel(false);
      }
      if (slot) {
        slots.release();
      }
    }
    CancelCause cause = execution.finish();
    if (cause != null) {
      return switch (cause) {
        case CancelCause.Requested requested -> new Verdict.Publish(new Outcome.Cancelled(requested.reason()), startedAt);
        case CancelCause.TimedOut timedOut ->
            new Verdict.Publish(timedOut("timed out after " + timedOut.limitMs() + " ms"), startedAt);
        case CancelCause.Shutdown shutdown -> new Verdict.HandBack("the worker is stopping");
      };
    }
    if (crash != null) {
      log.debug("task {} attempt {}: the agent threw: {}", envelope.key(), envelope.attempt(), crash.message());
      return new Verdict.Publish(new Outcome.Failed(crash), startedAt);
    }
    if (output == null) {
      return new Verdict.HandBack("interrupted without a cancel");
    }
    return new Verdict.Publish(outcome(output, envelope), startedAt);
  }

  /** The task's time limit from {@code start}: its timeout, else the agent's, cut at its deadline. */
  static Duration limit(TaskEnvelope envelope, Instant start) {
    Long timeoutMs = envelope.timeoutMs() != null ? envelope.timeoutMs() : envelope.agent().timeoutMs();
    Duration limit = timeoutMs == null ? null : Duration.ofMillis(timeoutMs);
    if (envelope.deadline() != null) {
      Duration untilDeadline = Duration.between(start, envelope.deadline());
      if (limit == null || untilDeadline.compareTo(limit) < 0) {
        limit = untilDeadline;
      }
    }
    return limit;
  }

  /**
   * Publishes the started event now, or once the agent has run for {@code startedEventAfter}: a task that
   * finishes sooner costs one record fewer to every process (its result carries the start). Returns the
   * scheduled announcement, or null when it was made at once.
   */
  private ScheduledFuture<?> announceStarted(TaskExecution execution) {
    if (startedEventAfter.isZero()) {
      execution.announceStarted();
      return null;
    }
    return timer.schedule(execution::announceStarted, startedEventAfter.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ScheduledFuture<?> armTimeout(TaskExecution execution, Duration limit) {
    CancelCause why = new CancelCause.TimedOut(limit.toMillis());
    // the cancel kills processes: off the timer thread, so one slow kill never delays another timeout
    return timer.schedule(() -> Thread.ofVirtual().name("sb-timeout-" + execution.key())
        .start(() -> execution.cancel(why)), limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Outcome outcome(AgentOutput output, TaskEnvelope envelope) {
    return switch (output) {
      case AgentOutput.Failed failed -> new Outcome.Failed(failed.error());
      case AgentOutput.Completed completed when envelope.outputSchema() == null ->
          new Outcome.Succeeded(completed.output(), null);
      case AgentOutput.Completed completed -> switch (schemas.check(envelope.outputSchema(), completed.output())) {
        case SchemaCheck.Valid valid -> new Outcome.Succeeded(completed.output(), valid.structured());
        case SchemaCheck.Mismatch mismatch -> new Outcome.Failed(mismatch.error());
      };
    };
  }

  private static Outcome timedOut(String message) {
    return new Outcome.Failed(TaskError.of(ErrorCode.TIMEOUT, message));
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
