package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.state.FinishedHistory;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.store.StateStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished invocations of the state store, loaded from their stored intent and results when asked
 * for, the last few kept (up to {@link #CACHED_TASKS} tasks) for readers that page through one, and the
 * ones that just finished for clients polling for them. Any thread may load; RocksDB reads alongside the
 * engine's writes.
 */
public final class StoredHistory implements FinishedHistory {

  private static final Logger log = LoggerFactory.getLogger(StoredHistory.class);
  /** Tasks of the recently loaded or finished invocations kept in memory: about 30 MB. */
  static final int CACHED_TASKS = 20_000;

  private final StateStore store;
  private final LinkedHashMap<String, InvocationState> recent = new LinkedHashMap<>(16, 0.75f, true);
  private int recentTasks;

  public StoredHistory(StateStore store) {
    this.store = store;
  }

  @Override
  public boolean contains(String invocationId) {
    return store.isFinished(invocationId);
  }

  @Override
  public Optional<InvocationState> load(String invocationId, CoordinatorState state) {
    synchronized (this) {
      InvocationState cached = recent.get(invocationId);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    if (!store.isFinished(invocationId)) {
      return Optional.empty();
    }
    byte[] head = store.head(invocationId);
    if (head == null) {
      log.warn("finished invocation {} has no intent in the state store", invocationId);
      return Optional.empty();
    }
    IntentAssembler intent = new IntentAssembler();
    intent.add(decode(head, InvocationRecord.class));
    store.chunksOf(invocationId, (key, value) -> intent.add(decode(value, InvocationRecord.class)));
    List<InvocationState> assembled = intent.complete();
    if (assembled.isEmpty()) {
      return Optional.empty();
    }
    List<TaskResult> results = new ArrayList<>();
    store.resultsOf(invocationId, (key, value) -> results.add(decode(value, TaskResult.class)));
    InvocationState invocation = state.restoreFinished(assembled.getFirst(), results);
    if (!invocation.isFinished()) {
      log.warn("finished invocation {} has {} results for {} tasks in the state store", invocationId,
          results.size(), invocation.tasks().size());
    }
    return Optional.of(keep(invocation));
  }

  /** Keeps a loaded invocation; one another thread loaded meanwhile wins. */
  private synchronized InvocationState keep(InvocationState invocation) {
    InvocationState first = recent.putIfAbsent(invocation.id(), invocation);
    if (first != null) {
      return first;
    }
    recentTasks += invocation.tasks().size();
    Iterator<Map.Entry<String, InvocationState>> oldest = recent.entrySet().iterator();
    while (recentTasks > CACHED_TASKS && recent.size() > 1) {
      recentTasks -= oldest.next().getValue().tasks().size();
      oldest.remove();
    }
    return invocation;
  }

  @Override
  public synchronized void recent(InvocationState invocation) {
    forget(invocation.id());
    keep(invocation);
  }

  @Override
  public synchronized void forget(String invocationId) {
    InvocationState gone = recent.remove(invocationId);
    if (gone != null) {
      recentTasks -= gone.tasks().size();
    }
  }

  @Override
  public synchronized void forgetAll() {
    recent.clear();
    recentTasks = 0;
  }

  @Override
  public void taskKeysAfter(String after, Predicate<String> visitor) {
    store.resultKeysAfter(after, visitor);
  }

  private static <T> T decode(byte[] value, Class<T> type) {
    return switch (JsonCodec.decode(value, type)) {
      case Decoded.Ok<T> ok -> ok.value();
      case Decoded.Invalid<T> bad -> throw new IllegalStateException("the state store holds an unreadable "
          + type.getSimpleName() + ": " + bad.rejection().message());
    };
  }
}
