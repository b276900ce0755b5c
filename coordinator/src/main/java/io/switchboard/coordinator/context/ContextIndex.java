package io.switchboard.coordinator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.ContextEntryKind;
import io.switchboard.common.model.ContextScope;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.wire.ContextEntry;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every task's context, composed on read. A context's id is its owning task's key; its view is
 *
 * <pre>
 *   [the parent's view up to the snapshot]   (inherited only; recursively)
 *   [the task's prompt]                      (composed from the intent, seq = snapshot + 1)
 *   [the appended entries]                   (the only records written for contexts)
 *   [the task's output]                      (composed from its result, once it succeeded)
 * </pre>
 *
 * A {@code shared} task owns no context: it reads and appends to its parent's (the parent's owner's, up
 * the chain of shared tasks). Seqs are positions in the owner's view: an inherited context goes on after
 * its snapshot, so one seq space orders a whole view. Appends change the index on the engine thread (see
 * {@link ContextWriter}); any thread reads.
 */
public final class ContextIndex {

  /** Where a context's view starts: its source's view up to {@code upTo} (inherited), or nothing. */
  record Origin(TaskKey source, long upTo) {
    static final Origin ROOT = new Origin(null, 0);
  }

  private final CoordinatorState state;
  private final Map<String, ContextLog> logs = new ConcurrentHashMap<>();

  public ContextIndex(CoordinatorState state) {
    this.state = state;
  }

  // ---- ownership ----

  /** The scope a task was spawned with; {@code independent} for a top-level task. */
  public ContextScope scopeOf(TaskKey key) {
    return state.invocation(key.invocationId())
        .filter(i -> i.options().parentTaskId() != null && i.options().context() != null)
        .map(i -> i.options().context()).orElse(ContextScope.INDEPENDENT);
  }

  private InvocationState i(TaskKey key) {
    return state.invocation(key.invocationId()).orElseThrow();
  }

  /** The context {@code key} reads and appends to: its own, or its shared ancestor's; empty when unknown. */
  public Optional<TaskKey> ownerOf(TaskKey key) {
    TaskKey current = key;
    for (int depth = 0; depth < 10_000; depth++) {
      if (state.task(current).isEmpty()) {
        return Optional.empty();
      }
      if (scopeOf(current) != ContextScope.SHARED) {
        return Optional.of(current);
      }
      current = TaskKey.parse(i(current).options().parentTaskId());
    }
    return Optional.empty();
  }

  Origin originOf(TaskKey owner) {
    InvocationState invocation = i(owner);
    if (scopeOf(owner) != ContextScope.INHERITED || invocation.contextUpTo() == null) {
      return Origin.ROOT;
    }
    return ownerOf(TaskKey.parse(invocation.options().parentTaskId()))
        .map(source -> new Origin(source, invocation.contextUpTo())).orElse(Origin.ROOT);
  }

  /** The seq of an owner's own prompt: right after its snapshot. */
  long promptSeq(TaskKey owner) {
    return originOf(owner).upTo() + 1;
  }

  /** Whether entries may still be appended: the owner has not finished. */
  public boolean isOpen(TaskKey owner) {
    return state.task(owner).map(t -> !t.snapshot().status().isTerminal()).orElse(false);
  }

  // ---- the engine's side ----

  /** The seq of the next append to {@code owner} (engine thread). */
  long reserve(TaskKey owner) {
    return log(owner).reserve(promptSeq(owner));
  }

  /** A durable appended entry (engine thread, or recovery before the engine starts). */
  public void added(ContextEntry entry) {
    log(TaskKey.parse(entry.contextId())).add(entry);
  }

  boolean hasOutputOf(TaskKey owner, TaskKey author) {
    ContextLog log = logs.get(owner.toString());
    return log != null && log.hasOutputOf(author.toString());
  }

  /** Forgets every entry (before a rebuild from the topics). */
  public void clear() {
    logs.clear();
  }

  private ContextLog log(TaskKey owner) {
    return logs.computeIfAbsent(owner.toString(), k -> new ContextLog());
  }

  // ---- snapshots and references ----

  /**
   * The last seq a snapshot of {@code owner} taken now holds: its durable entries, and its output if it
   * succeeded already.
   */
  public long end(TaskKey owner) {
    ContextLog log = logs.get(owner.toString());
    long last = Math.max(log == null ? 0 : log.durable(), promptSeq(owner));
    return output(owner).isPresent() ? outputSeq(owner) : last;
  }

  private long outputSeq(TaskKey owner) {
    ContextLog log = logs.get(owner.toString());
    return Math.max(log == null ? 0 : log.reserved(), promptSeq(owner)) + 1;
  }

  /**
   * Fixes the snapshot of an {@code inherited} invocation before it is accepted: the parent context's
   * end now. Other scopes pass unchanged.
   */
  public PlannedInvocation stamp(PlannedInvocation plan) {
    if (plan.invocation().context() != ContextScope.INHERITED || plan.invocation().parentTaskId() == null) {
      return plan;
    }
    Optional<TaskKey> source = ownerOf(TaskKey.parse(plan.invocation().parentTaskId()));
    if (source.isEmpty()) {
      return plan; // the planner refused an unknown parent already
    }
    long upTo = end(source.get());
    plan.state().contextUpTo(upTo);
    return new PlannedInvocation(plan.invocation(), plan.state(), plan.chunks(), plan.head().withContextUpTo(upTo));
  }

  /**
   * What a task's envelope carries about its context: {@code {"id", "scope", "parent", "upTo"}}, or null
   * for an independent task (its context is its prompt, which the envelope has already).
   */
  public JsonNode reference(TaskState task) {
    ContextScope scope = scopeOf(task.key());
    if (scope == ContextScope.INDEPENDENT) {
      return null;
    }
    ObjectNode ref = Json.mapper().createObjectNode();
    ref.put("scope", scope.wireName());
    if (scope == ContextScope.SHARED) {
      ref.put("id", ownerOf(task.key()).map(TaskKey::toString).orElse(null));
      ref.put("parent", task.parent().toString());
    } else {
      Origin origin = originOf(task.key());
      ref.put("id", task.key().toString());
      ref.put("parent", origin.source() == null ? null : origin.source().toString());
      ref.put("upTo", origin.upTo());
    }
    return ref;
  }

  // ---- reading ----

  /**
   * Walks {@code owner}'s view in seq order, entries with {@code after < seq <= upTo}, until {@code sink}
   * says stop.
   *
   * @return false when the sink stopped the walk
   */
  public boolean walk(TaskKey owner, long after, long upTo, Predicate<ContextEntry> sink) {
    Origin origin = originOf(owner);
    if (origin.source() != null && after < origin.upTo()
        && !walk(origin.source(), after, Math.min(upTo, origin.upTo()), sink)) {
      return false;
    }
    TaskState task = state.task(owner).orElseThrow();
    long prompt = origin.upTo() + 1;
    if (after < prompt && prompt <= upTo && !sink.test(promptEntry(owner, task, prompt))) {
      return false;
    }
    ContextLog log = logs.get(owner.toString());
    if (log != null) {
      for (ContextEntry entry : log.between(after, upTo)) {
        if (!sink.test(entry)) {
          return false;
        }
      }
    }
    Optional<ContextEntry> output = output(owner);
    return output.isEmpty() || output.get().seq() <= after || output.get().seq() > upTo || sink.test(output.get());
  }

  private static ContextEntry promptEntry(TaskKey owner, TaskState task, long seq) {
    return new ContextEntry(owner.toString(), seq, ContextEntryKind.PROMPT, "user", task.target().prompt(),
        task.target().input(), null, task.createdAt());
  }

  /** The owner's own output entry, once it succeeded. */
  private Optional<ContextEntry> output(TaskKey owner) {
    TaskSnapshot snapshot = state.task(owner).map(TaskState::snapshot).orElse(null);
    if (snapshot == null || snapshot.status() != TaskStatus.SUCCEEDED || snapshot.outcome() == null) {
      return Optional.empty();
    }
    StepOutcome outcome = snapshot.outcome();
    return Optional.of(new ContextEntry(owner.toString(), outputSeq(owner), ContextEntryKind.OUTPUT, "assistant",
        outcome.output(), outcome.structured(), owner.toString(), snapshot.finishedAt()));
  }
}
