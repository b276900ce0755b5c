package io.switchboard.client.cli;

import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.model.TaskKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@code progress} report of each unfinished task that {@code watch} shows, from the tasks'
 * event streams: one stream per unfinished task, at most {@code maxStreams} at a time, closed as soon as
 * the task is finished or no longer shown.
 */
final class ProgressBoard implements AutoCloseable {

  private final SwitchboardClient client;
  private final int maxStreams;
  private final Map<TaskKey, EventStream> streams = new HashMap<>();
  private final Map<TaskKey, String> latest = new ConcurrentHashMap<>();
  private final Set<TaskKey> unavailable = new HashSet<>();

  ProgressBoard(SwitchboardClient client, int maxStreams) {
    this.client = client;
    this.maxStreams = maxStreams;
  }

  /** Follows exactly the tasks in {@code unfinished} (up to the limit), dropping the others. */
  void follow(Set<TaskKey> unfinished) {
    streams.entrySet().removeIf(entry -> {
      if (unfinished.contains(entry.getKey())) {
        return false;
      }
      entry.getValue().close();
      latest.remove(entry.getKey());
      return true;
    });
    for (TaskKey key : unfinished) {
      if (streams.size() >= maxStreams) {
        break;
      }
      if (!streams.containsKey(key) && !unavailable.contains(key)) {
        open(key);
      }
    }
  }

  /** A task whose stream cannot be opened (finished meanwhile, or refused) is shown without progress. */
  private void open(TaskKey key) {
    try {
      streams.put(key, client.events(key, event -> onEvent(key, event)));
    } catch (SwitchboardApiException e) {
      unavailable.add(key);
    }
  }

  /** The latest progress of each followed task, as {@code message done/total}. */
  Map<TaskKey, String> latest() {
    return Map.copyOf(latest);
  }

  private void onEvent(TaskKey key, ServerSentEvent event) {
    if ("progress".equals(event.event())) {
      event.json().ifPresent(data -> latest.put(key, EventPrinter.progress(data)));
    }
  }

  @Override
  public void close() {
    streams.values().forEach(EventStream::close);
    streams.clear();
  }
}
