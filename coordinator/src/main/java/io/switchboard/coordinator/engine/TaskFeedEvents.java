package io.switchboard.coordinator.engine;

import io.switchboard.common.model.TaskKey;

/** Where the engine announces task changes for live watchers (the SSE streams). */
public interface TaskFeedEvents {

  /** A task's status changed; {@code json} is the event's data. */
  void status(TaskKey key, Object data);

  /** A task finished; {@code data} is its outcome. */
  void result(TaskKey key, Object data);

  TaskFeedEvents NONE = new TaskFeedEvents() {
    @Override
    public void status(TaskKey key, Object data) {}

    @Override
    public void result(TaskKey key, Object data) {}
  };
}
