package io.switchboard.common.topic;

import java.util.Objects;

/**
 * The names of Switchboard's Kafka topics and share groups, all derived from one configurable prefix
 * (default {@code switchboard}). DESIGN.md "Kafka topics" gives each topic's key, value and role.
 */
public record Topics(String prefix) {

  public static final String DEFAULT_PREFIX = "switchboard";
  public static final String DEFAULT_RUNNER = "default";

  /**
   * The route of tasks resolved to the {@code local} executor: their envelopes go to {@code
   * <p>.tasks.local}, taken by the executor inside the coordinator (share group {@code <p>.local}). The
   * name is reserved: no agent, runners file or {@code executor.runner} may name a remote runner so.
   */
  public static final String LOCAL_RUNNER = "local";

  public Topics {
    Objects.requireNonNull(prefix, "prefix");
    if (!isLegal(prefix)) {
      throw new IllegalArgumentException(
          "topic prefix must be 1-180 characters of [a-zA-Z0-9._-], got '" + prefix + "'");
    }
  }

  public static Topics withDefaultPrefix() {
    return new Topics(DEFAULT_PREFIX);
  }

  /** Work for one runner's pool, consumed by the share group {@link #shareGroup(String)}. */
  public String tasks(String runner) {
    requireRunner(runner);
    return prefix + ".tasks." + runner;
  }

  /** The share group of the workers that serve {@code runner}. */
  public String shareGroup(String runner) {
    requireRunner(runner);
    return prefix + "." + runner;
  }

  /** Compacted journal of finished steps; the source of replay. */
  public String results() {
    return prefix + ".results";
  }

  /** Compacted durable intent of every accepted invocation. */
  public String invocations() {
    return prefix + ".invocations";
  }

  /**
   * Appended context entries (the messages agents add to a conversation), keyed by context id, so one
   * context stays in one partition, in order.
   */
  public String contexts() {
    return prefix + ".contexts";
  }

  /** Live progress: started, heartbeat, progress and log events. */
  public String events() {
    return prefix + ".events";
  }

  /** Cancellations on their way to the worker that runs a task. */
  public String control() {
    return prefix + ".control";
  }

  /** Compacted agent registry and worker heartbeats. */
  public String registry() {
    return prefix + ".registry";
  }

  /** What the spawn and terminate hooks recorded. */
  public String audit() {
    return prefix + ".audit";
  }

  /** Poison tasks and records that could not be read, with the reason. */
  public String dlq() {
    return prefix + ".dlq";
  }

  /** True when {@code topic} is one runner's task topic under this prefix. */
  public boolean isTaskTopic(String topic) {
    return topic.startsWith(prefix + ".tasks.");
  }

  /** 1-180 characters of {@code [a-zA-Z0-9._-]} (checked per task sent: no regular expression). */
  private static boolean isLegal(String name) {
    if (name.isEmpty() || name.length() > 180) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-';
      if (!legal) {
        return false;
      }
    }
    return true;
  }

  private static void requireRunner(String runner) {
    if (runner == null || !isLegal(runner)) {
      throw new IllegalArgumentException(
          "runner must be 1-180 characters of [a-zA-Z0-9._-], got '" + runner + "'");
    }
  }
}
