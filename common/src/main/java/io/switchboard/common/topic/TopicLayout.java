package io.switchboard.common.topic;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every topic Switchboard needs, with its policy (DESIGN.md "Kafka topics"): the journal-like topics
 * (results, invocations, registry) are compacted; the streams (tasks, events, control, audit, dlq) are
 * deleted by age; the append-only contexts topic keeps everything ({@link #KEEP_FOREVER}).
 */
public final class TopicLayout {

  /** Events are only live progress: an hour is plenty. */
  public static final Duration EVENTS_RETENTION = Duration.ofHours(1);

  /** Undelivered tasks and cancels wait a week for a worker. */
  public static final Duration WORK_RETENTION = Duration.ofDays(7);

  /** Audit records and dead letters are kept for a month. */
  public static final Duration LONG_RETENTION = Duration.ofDays(30);

  /**
   * {@code retention.ms=-1}: the contexts topic keeps every record. Appends must not be compacted away
   * (compaction keeps one record per key, and a context is one key), nor deleted by age (an inherited
   * child refers to its parent's entries for as long as the child exists).
   */
  public static final Duration KEEP_FOREVER = Duration.ofMillis(-1);

  private final Topics topics;
  private final Optional<Integer> partitions;
  private final Optional<Short> replicationFactor;

  public TopicLayout(Topics topics, Optional<Integer> partitions, Optional<Short> replicationFactor) {
    this.topics = topics;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  public Topics topics() {
    return topics;
  }

  /** The topics every deployment has, plus the task topic of each runner given. */
  public List<TopicSpec> specs(List<String> runners) {
    var specs = new java.util.ArrayList<TopicSpec>();
    specs.add(compact(topics.results()));
    specs.add(compact(topics.invocations()));
    specs.add(compact(topics.registry()));
    specs.add(delete(topics.contexts(), KEEP_FOREVER));
    specs.add(delete(topics.events(), EVENTS_RETENTION));
    specs.add(delete(topics.control(), WORK_RETENTION));
    specs.add(delete(topics.audit(), LONG_RETENTION));
    specs.add(delete(topics.dlq(), LONG_RETENTION));
    for (String runner : runners) {
      specs.add(taskTopic(runner));
    }
    return List.copyOf(specs);
  }

  /** The task topic of one runner, created when a runner is first used. */
  public TopicSpec taskTopic(String runner) {
    return delete(topics.tasks(runner), WORK_RETENTION);
  }

  private TopicSpec compact(String name) {
    return new TopicSpec(name, CleanupPolicy.COMPACT, Optional.empty(), partitions, replicationFactor);
  }

  private TopicSpec delete(String name, Duration retention) {
    return new TopicSpec(
        name, CleanupPolicy.DELETE, Optional.of(retention), partitions, replicationFactor);
  }
}
