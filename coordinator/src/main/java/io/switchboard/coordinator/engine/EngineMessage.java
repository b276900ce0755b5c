package io.switchboard.coordinator.engine;

import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.coordinator.feed.ConsumedResult;
import org.apache.kafka.common.TopicPartition;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the engine thread is told: commands from the API (imperative) and facts from Kafka (past tense).
 * Nothing else changes coordinator state.
 */
sealed interface EngineMessage {

  /** Accept a planned invocation (or attach to the same one already accepted). */
  record SubmitInvocation(PlannedInvocation plan, CompletableFuture<SubmitOutcome> reply) implements EngineMessage {}

  /** Cancel a task and its descendants. */
  record CancelTask(TaskKey key, String reason, CompletableFuture<CancelOutcome> reply) implements EngineMessage {}

  /**
   * One record of an invocation's intent was written at {@code offset} (error null), or failed; {@code round}
   * counts the writes of the same intent (a carried intent is written again after a failure).
   */
  record IntentWritten(String invocationId, int round, int partition, long offset, Throwable error) implements EngineMessage {}

  /** A task envelope is in its task topic: the dispatch log. */
  record Dispatched(TaskKey key, int attempt, TopicPartition partition, long offset) implements EngineMessage {}

  /** Sending a task envelope failed after the producer's own retries. */
  record DispatchFailed(TaskKey key, int attempt, Throwable error) implements EngineMessage {}

  /** Terminal results read from the results topic (a null result: an unreadable record, dead-lettered). */
  record ResultsRead(List<ConsumedResult> results) implements EngineMessage {}

  /** A worker started a task. */
  record TaskStarted(TaskEvent.Started event) implements EngineMessage {}

  /** A timer came due. */
  record TimerFired(Runnable action) implements EngineMessage {}
}
