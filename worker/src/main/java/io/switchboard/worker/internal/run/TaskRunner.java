package io.switchboard.worker.internal.run;

import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.validate.OutputSchemas;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.worker.internal.agents.AgentCatalog;
import io.switchboard.worker.internal.agents.AgentLimits;
import io.switchboard.worker.internal.context.ContextResolver;
import io.switchboard.worker.internal.control.CancelledKeys;
import io.switchboard.worker.internal.publish.Publisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record of a runner's task topic and says how to acknowledge it: an unreadable record is
 * dead-lettered (REJECT); a record delivered {@code deliveryLimit} times is a poison task (dead letter,
 * {@code poison} result, REJECT); a task cancelled before it arrived gets a {@code cancelled} result and
 * a task past its deadline a {@code timeout} one, without running; otherwise the agent runs. A result
 * is journaled before the record is ACCEPTed; when it cannot be, or the worker hands the task back, the
 * record is RELEASEd for another worker.
 */
public final class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  /**
   * Who this worker is, for results and agents, and how it runs tasks.
   *
   * @param startedEventAfter how long a task runs before its started event is published (0 = at once)
   */
  public record Settings(String workerId, int deliveryLimit, String coordinatorUrl, Duration startedEventAfter) {}

  private final Settings settings;
  private final Publisher publisher;
  private final DeadLetters deadLetters;
  private final CancelledKeys cancelled;
  private final RunningTasks running;
  private final AgentCatalog catalog;
  private final AgentRun agentRun;
  private final BooleanSupplier stopping;
  private final Clock clock;
  private final ContextResolver contexts;

  public TaskRunner(Settings settings, Publisher publisher, DeadLetters deadLetters, CancelledKeys cancelled,
      RunningTasks running, AgentCatalog catalog, Semaphore slots, ScheduledExecutorService timer,
      BooleanSupplier stopping, Clock clock) {
    this.settings = settings;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.cancelled = cancelled;
    this.running = running;
    this.catalog = catalog;
    this.agentRun = new AgentRun(slots, new AgentLimits(), new OutputSchemas(), timer, settings.startedEventAfter(),
        clock);
    this.stopping = stopping;
    this.clock = clock;
    this.contexts = new ContextResolver(settings.coordinatorUrl());
  }

  /** Handles {@code record} on the calling thread; returns how to acknowledge it. Never throws. */
  public AcknowledgeType handle(ConsumerRecord<String, byte[]> record) {
    TaskEnvelope envelope;
    switch (WireRecords.read(record, TaskEnvelope.class)) {
      case Decoded.Invalid<TaskEnvelope> invalid -> {
        deadLetters.unreadable(record, invalid.rejection());
        return AcknowledgeType.REJECT;
      }
      case Decoded.Ok<TaskEnvelope> ok -> envelope = ok.value();
    }
    int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
    if (deliveries >= settings.deliveryLimit()) {
      return poison(record, envelope, deliveries);
    }
    TaskExecution execution = new TaskExecution(envelope.key(), envelope.attempt(), settings.workerId(),
        publisher, clock, settings.coordinatorUrl());
    running.add(execution);
    Verdict verdict;
    try {
      verdict = decide(envelope, execution);
    } finally {
      running.remove(execution);
    }
    return switch (verdict) {
      case Verdict.HandBack handBack -> {
        log.debug("task {} attempt {}: handed back ({})", envelope.key(), envelope.attempt(), handBack.why());
        yield AcknowledgeType.RELEASE;
      }
      case Verdict.Publish publish -> publish(envelope, publish.outcome(), publish.startedAt());
    };
  }

  private Verdict decide(TaskEnvelope envelope, TaskExecution execution) {
    // registered in RunningTasks before this check, so a cancel arriving now is not missed either way
    Optional<CancelledKeys.Cancellation> cancel = cancelled.find(envelope.key());
    if (cancel.isPresent()) {
      execution.finish();
      return new Verdict.Publish(new Outcome.Cancelled(cancel.get().reason()), null);
    }
    if (stopping.getAsBoolean()) {
      execution.finish();
      return new Verdict.HandBack("the worker is stopping");
    }
    Instant now = clock.instant();
    if (envelope.deadline() != null && !now.isBefore(envelope.deadline())) {
      execution.finish();
      return new Verdict.Publish(new Outcome.Failed(TaskError.of(ErrorCode.TIMEOUT,
          "the deadline " + envelope.deadline() + " passed before the task started")), null);
    }
    return switch (catalog.create(envelope.agent())) {
      case AgentCatalog.Creation.Refused refused -> {
        execution.finish();
        yield new Verdict.Publish(new Outcome.Failed(refused.error()), null);
      }
      case AgentCatalog.Creation.Created created -> {
        TaskEnvelope resolved;
        try {
          resolved = contexts.resolve(envelope);
        } catch (ContextResolver.Unavailable e) {
          execution.finish();
          log.warn("task {} attempt {}: {}", envelope.key(), envelope.attempt(), e.getMessage());
          yield new Verdict.Publish(new Outcome.Failed(TaskError.of(ErrorCode.TRANSIENT, e.getMessage())), null);
        } catch (InterruptedException e) {
          yield cancelledWhileResolving(envelope, execution);
        }
        yield agentRun.run(resolved, execution, created.agent());
      }
    };
  }

  /** Interrupted while fetching the context: cancelled, or handed back when the worker stops. */
  private Verdict cancelledWhileResolving(TaskEnvelope envelope, TaskExecution execution) {
    CancelCause cause = execution.finish();
    if (cause instanceof CancelCause.Requested requested) {
      return new Verdict.Publish(new Outcome.Cancelled(requested.reason()), null);
    }
    return new Verdict.HandBack("interrupted while fetching the context of " + envelope.key());
  }

  private AcknowledgeType poison(ConsumerRecord<String, byte[]> record, TaskEnvelope envelope, int deliveries) {
    String reason = "poison: delivered " + deliveries + " times";
    log.warn("task {} attempt {}: {} (limit {}); not running it", envelope.key(), envelope.attempt(), reason,
        settings.deliveryLimit());
    deadLetters.send(record, reason);
    publish(envelope, new Outcome.Failed(TaskError.of(ErrorCode.POISON, reason)), null);
    return AcknowledgeType.REJECT; // even when the result could not be written: a poison task never runs again
  }

  private AcknowledgeType publish(TaskEnvelope envelope, Outcome outcome, Instant startedAt) {
    TaskResult result = TaskResult.of(envelope.key(), envelope.attempt(), outcome, settings.workerId(), startedAt,
        clock.instant());
    try {
      publisher.result(result).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RecordTooLargeException tooLarge) {
        return publishTooLarge(envelope, startedAt, tooLarge);
      }
      log.warn("task {} attempt {}: cannot journal its result, handing it back: {}", envelope.key(),
          envelope.attempt(), String.valueOf(e.getCause()));
      return AcknowledgeType.RELEASE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AcknowledgeType.RELEASE;
    }
    log.debug("task {} attempt {}: {}", envelope.key(), envelope.attempt(), describe(outcome));
    return AcknowledgeType.ACCEPT;
  }

  private AcknowledgeType publishTooLarge(TaskEnvelope envelope, Instant startedAt, RecordTooLargeException e) {
    Outcome failed = new Outcome.Failed(TaskError.of(ErrorCode.AGENT_ERROR,
        "output too large: the result does not fit in a Kafka record (" + e.getMessage() + ")"));
    return publish(envelope, failed, startedAt);
  }

  private static String describe(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Succeeded succeeded -> "succeeded";
      case Outcome.Failed failed -> "failed " + failed.error().code().wireName() + ": " + failed.error().message();
      case Outcome.Cancelled cancelled -> "cancelled";
    };
  }
}
