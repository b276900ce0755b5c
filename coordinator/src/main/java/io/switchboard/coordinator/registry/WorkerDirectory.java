package io.switchboard.coordinator.registry;

import io.switchboard.common.model.WorkerInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workers as their heartbeats describe them (the registry topic's {@code worker:<id>} records). A worker
 * is live while its last heartbeat is younger than the timeout; a tombstone removes it at once.
 */
public final class WorkerDirectory {

  private final Map<String, WorkerInfo> workers = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration timeout;

  public WorkerDirectory(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  public void heartbeat(WorkerInfo info) {
    workers.put(info.id(), info);
  }

  public void remove(String id) {
    workers.remove(id);
  }

  /** Live workers, by runner then id. */
  public List<WorkerInfo> live() {
    var oldest = clock.instant().minus(timeout);
    return workers.values().stream()
        .filter(w -> w.lastSeen() != null && w.lastSeen().isAfter(oldest))
        .sorted(Comparator.comparing(WorkerInfo::runner).thenComparing(WorkerInfo::id))
        .toList();
  }
}
