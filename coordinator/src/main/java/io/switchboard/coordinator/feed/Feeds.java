package io.switchboard.coordinator.feed;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.WireRecords;
import io.switchboard.common.wire.RegistryRecord;
import io.switchboard.common.wire.TaskEvent;
import io.switchboard.common.wire.TaskResult;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.registry.AgentDirectory;
import io.switchboard.coordinator.registry.WorkerDirectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The handlers of the coordinator's feeds: what each topic's records change. */
public final class Feeds {

  private final Engine engine;
  private final AgentDirectory agents;
  private final WorkerDirectory workers;
  private final TaskEventBus bus;
  private final DeadLetters deadLetters;

  public Feeds(Engine engine, AgentDirectory agents, WorkerDirectory workers, TaskEventBus bus,
      DeadLetters deadLetters) {
    this.engine = engine;
    this.agents = agents;
    this.workers = workers;
    this.bus = bus;
    this.deadLetters = deadLetters;
  }

  /** Results: terminal outcomes go to the engine in one message per batch. */
  public void results(List<ConsumerRecord<String, byte[]>> records) {
    List<ConsumedResult> results = new ArrayList<>(records.size());
    for (var record : records) {
      var partition = new org.apache.kafka.common.TopicPartition(record.topic(), record.partition());
      switch (WireRecords.read(record, TaskResult.class)) {
        case Decoded.Ok<TaskResult> ok -> results.add(new ConsumedResult(ok.value(), record.value(), partition,
            record.offset()));
        case Decoded.Invalid<TaskResult> bad -> {
          deadLetters.unreadable(record, bad.rejection());
          results.add(new ConsumedResult(null, null, partition, record.offset()));
        }
      }
    }
    if (!results.isEmpty()) {
      engine.resultsRead(results);
    }
  }

  /** Events: started moves a task to running; every event reaches the task's watchers. */
  public void events(List<ConsumerRecord<String, byte[]>> records) {
    for (var record : records) {
      switch (WireRecords.read(record, TaskEvent.class)) {
        case Decoded.Ok<TaskEvent> ok -> {
          TaskEvent event = ok.value();
          switch (event) {
            case TaskEvent.Started started -> engine.taskStarted(started);
            case TaskEvent.Heartbeat beat -> {
              // a heartbeat proves the task runs, also when its started event was missed (a restart)
              engine.taskStarted(new TaskEvent.Started(beat.key(), beat.attempt(), beat.worker(), beat.at()));
              bus.publish(event.key(), "heartbeat", event);
            }
            default -> bus.publish(event.key(), eventName(event), event);
          }
        }
        case Decoded.Invalid<TaskEvent> bad -> deadLetters.unreadable(record, bad.rejection());
      }
    }
  }

  /** Registry: agents and worker heartbeats; a tombstone removes its key. */
  public void registry(List<ConsumerRecord<String, byte[]>> records) {
    for (var record : records) {
      String key = record.key() == null ? "" : record.key();
      if (record.value() == null) {
        if (key.startsWith("agent:")) {
          agents.remove(key.substring("agent:".length()));
        } else if (key.startsWith("worker:")) {
          workers.remove(key.substring("worker:".length()));
        }
        continue;
      }
      switch (WireRecords.read(record, RegistryRecord.class)) {
        case Decoded.Ok<RegistryRecord> ok -> {
          switch (ok.value()) {
            case RegistryRecord.AgentRegistered registered -> agents.put(registered.spec());
            case RegistryRecord.WorkerHeartbeat heartbeat -> workers.heartbeat(heartbeat.info());
          }
        }
        case Decoded.Invalid<RegistryRecord> bad -> deadLetters.unreadable(record, bad.rejection());
      }
    }
  }

  private static String eventName(TaskEvent event) {
    return switch (event) {
      case TaskEvent.Started s -> "status";
      case TaskEvent.Heartbeat h -> "heartbeat";
      case TaskEvent.Progress p -> "progress";
      case TaskEvent.Log l -> "log";
    };
  }

}
