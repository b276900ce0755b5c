package io.switchboard.coordinator.feed;

import io.switchboard.common.model.TaskKey;
import io.switchboard.coordinator.engine.TaskFeedEvents;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live task events for watchers (the SSE streams): status and result from the engine, log, progress and
 * heartbeat from the events topic. Each subscriber has a bounded queue; a watcher too slow to keep up
 * loses the oldest events rather than slowing the coordinator.
 */
public final class TaskEventBus implements TaskFeedEvents {

  private static final int QUEUE_CAPACITY = 1024;

  private final Map<TaskKey, Set<Subscription>> subscribers = new ConcurrentHashMap<>();

  public Subscription subscribe(TaskKey key) {
    Subscription subscription = new Subscription(key, new ArrayBlockingQueue<>(QUEUE_CAPACITY));
    subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscription);
    return subscription;
  }

  public void unsubscribe(Subscription subscription) {
    subscribers.computeIfPresent(subscription.key(), (k, set) -> {
      set.remove(subscription);
      return set.isEmpty() ? null : set;
    });
  }

  public void publish(TaskKey key, String event, Object data) {
    Set<Subscription> set = subscribers.get(key);
    if (set == null) {
      return;
    }
    Event e = new Event(event, data);
    for (Subscription s : set) {
      while (!s.queue().offer(e)) {
        s.queue().poll(); // drop the oldest
      }
    }
  }

  @Override
  public void status(TaskKey key, Object data) {
    publish(key, "status", data);
  }

  @Override
  public void result(TaskKey key, Object data) {
    publish(key, "result", data);
  }

  /** One event: its SSE name and the object sent as JSON data. */
  public record Event(String name, Object data) {}

  /** One watcher's queue. */
  public record Subscription(TaskKey key, BlockingQueue<Event> queue) {}
}
