package io.switchboard.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A live worker as it announces itself in heartbeats ({@code GET /v1/workers}).
 *
 * @param id the worker's id
 * @param runner the runner whose pool it serves
 * @param agents the agents it can run
 * @param inFlight tasks it runs now
 * @param capacity tasks it may run at once
 * @param lastSeen when it last announced itself
 * @param host the machine it runs on
 * @param startedAt when it started
 */
public record WorkerInfo(
    String id,
    String runner,
    List<String> agents,
    int inFlight,
    int capacity,
    Instant lastSeen,
    String host,
    Instant startedAt) {

  public WorkerInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runner, "runner");
    agents = agents == null ? List.of() : List.copyOf(agents);
    if (inFlight < 0 || capacity < 0) {
      throw new IllegalArgumentException("inFlight and capacity must be >= 0");
    }
  }
}
