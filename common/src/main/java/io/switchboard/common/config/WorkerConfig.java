package io.switchboard.common.config;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The worker process ({@code switchboard worker}, and the worker inside {@code switchboard dev}):
 * which runner's pool it serves, how many tasks it runs at once, and how it announces itself.
 *
 * @param runner the runner whose task topic and share group it serves
 * @param concurrency at most this many tasks run at once in this process
 * @param workerId this worker's id in heartbeats and results; generated when not set
 * @param heartbeat how often it publishes its own heartbeat and one per running task
 * @param grace how long a graceful stop (SIGTERM) waits for running tasks before cancelling them
 * @param deliveryLimit a task delivered this many times is a poison task (match the share group's
 *     {@code share.delivery.count.limit})
 * @param coordinatorUrl the coordinator's URL, given to command agents as {@code SWITCHBOARD_URL};
 *     null when unknown
 * @param startedEventAfter how long a task runs before it publishes its started event (0 = at once)
 */
public record WorkerConfig(
    String runner,
    int concurrency,
    String workerId,
    Duration heartbeat,
    Duration grace,
    int deliveryLimit,
    String coordinatorUrl,
    Duration startedEventAfter) {

  public static final ConfigKey<String> RUNNER =
      ConfigTypes.string("runner", "default", "The runner whose pool (task topic, share group) this worker serves.");
  public static final ConfigKey<Integer> CONCURRENCY = ConfigTypes.integer("concurrency", 8, 1, 10_000,
      "At most this many tasks run at once in this worker process.");
  public static final ConfigKey<String> WORKER_ID = ConfigTypes.string("worker-id", null,
      "This worker's id; empty = generated as worker-<host>-<4 hex digits>.");
  public static final ConfigKey<Duration> HEARTBEAT = ConfigTypes.millis("heartbeat-ms", Duration.ofSeconds(2),
      "How often the worker announces itself and each running task publishes a heartbeat event.");
  public static final ConfigKey<Duration> GRACE = ConfigTypes.millis("grace-ms", Duration.ofSeconds(30),
      "On SIGTERM, how long running tasks may finish before they are cancelled and handed back.");
  public static final ConfigKey<String> COORDINATOR_URL = ConfigTypes.string("coordinator-url", null,
      "The coordinator's URL, passed to command agents as SWITCHBOARD_URL for sub-invocations.");

  public static final ConfigKey<Duration> STARTED_EVENT_AFTER = ConfigTypes.millis("started-event-after-ms",
      Duration.ofMillis(50), 0, "A running task publishes its started event once it has run this long (or at its "
          + "first log or progress line); one that finishes sooner reports its start in its result alone, one "
          + "record fewer. 0 = at once.");

  public static final ConfigKey<Long> PARENT_PID = new ConfigKey<>("parent-pid", "pid", Long::parseLong, null,
      "Stop (as on SIGTERM) when this process is gone; set by a coordinator that started this worker on demand.");

  public static final ConfigGroup GROUP = new ConfigGroup("Worker (`switchboard worker`)",
      "Runs the tasks of one runner's pool.",
      List.of(RUNNER, CONCURRENCY, WORKER_ID, HEARTBEAT, GRACE, ShareGroupConfig.DELIVERY_LIMIT, COORDINATOR_URL,
          STARTED_EVENT_AFTER, PARENT_PID));

  private static final SecureRandom RANDOM = new SecureRandom();

  public WorkerConfig {
    Objects.requireNonNull(runner, "runner");
    if (!runner.matches("[a-zA-Z0-9._-]{1,180}")) {
      throw new ConfigException(RUNNER.name(), "must be 1-180 characters of [a-zA-Z0-9._-]: '" + runner + "'");
    }
    if (concurrency < 1) {
      throw new ConfigException(CONCURRENCY.name(), "must be >= 1: " + concurrency);
    }
    workerId = workerId == null || workerId.isBlank() ? generateWorkerId() : workerId.strip();
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(grace, "grace");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new ConfigException(HEARTBEAT.name(), "must be positive: " + heartbeat.toMillis());
    }
    if (grace.isNegative()) {
      throw new ConfigException(GRACE.name(), "must not be negative: " + grace.toMillis());
    }
    if (deliveryLimit < 2) {
      throw new ConfigException(ShareGroupConfig.DELIVERY_LIMIT.name(), "must be >= 2: " + deliveryLimit);
    }
    coordinatorUrl = coordinatorUrl == null || coordinatorUrl.isBlank() ? null : coordinatorUrl.strip();
    Objects.requireNonNull(startedEventAfter, "startedEventAfter");
    if (startedEventAfter.isNegative()) {
      throw new ConfigException(STARTED_EVENT_AFTER.name(), "must not be negative: " + startedEventAfter.toMillis());
    }
  }

  /** Reads every key of {@link #GROUP}; an unset worker id is generated. */
  public static WorkerConfig from(ConfigSource source) {
    return new WorkerConfig(source.get(RUNNER), source.get(CONCURRENCY), source.find(WORKER_ID).orElse(null),
        source.get(HEARTBEAT), source.get(GRACE), source.get(ShareGroupConfig.DELIVERY_LIMIT),
        source.find(COORDINATOR_URL).orElse(null), source.get(STARTED_EVENT_AFTER));
  }

  /** Every key at its default (a generated worker id), for tests and embedding. */
  public static WorkerConfig defaults() {
    return new WorkerConfig(RUNNER.defaultValue(), CONCURRENCY.defaultValue(), null, HEARTBEAT.defaultValue(),
        GRACE.defaultValue(), ShareGroupConfig.DELIVERY_LIMIT.defaultValue(), null,
        STARTED_EVENT_AFTER.defaultValue());
  }

  /** The same configuration with another concurrency. */
  public WorkerConfig withConcurrency(int newConcurrency) {
    return new WorkerConfig(runner, newConcurrency, workerId, heartbeat, grace, deliveryLimit, coordinatorUrl,
        startedEventAfter);
  }

  /** The same configuration with another grace period. */
  public WorkerConfig withGrace(Duration newGrace) {
    return new WorkerConfig(runner, concurrency, workerId, heartbeat, newGrace, deliveryLimit, coordinatorUrl,
        startedEventAfter);
  }

  /** The same configuration with another delivery limit. */
  public WorkerConfig withDeliveryLimit(int newLimit) {
    return new WorkerConfig(runner, concurrency, workerId, heartbeat, grace, newLimit, coordinatorUrl,
        startedEventAfter);
  }

  /** The same configuration with another heartbeat interval. */
  public WorkerConfig withHeartbeat(Duration newHeartbeat) {
    return new WorkerConfig(runner, concurrency, workerId, newHeartbeat, grace, deliveryLimit, coordinatorUrl,
        startedEventAfter);
  }

  /** The same configuration with a coordinator URL for command agents. */
  public WorkerConfig withCoordinatorUrl(String url) {
    return new WorkerConfig(runner, concurrency, workerId, heartbeat, grace, deliveryLimit, url,
        startedEventAfter);
  }

  /** {@code worker-<host>-<4 random hex digits>}, the host reduced to {@code [a-z0-9.-]}. */
  public static String generateWorkerId() {
    byte[] random = new byte[2];
    RANDOM.nextBytes(random);
    return "worker-" + hostName() + "-" + HexFormat.of().formatHex(random);
  }

  /** This machine's host name, or {@code localhost} when it cannot be found. */
  public static String hostName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return clean.isBlank() ? "localhost" : clean;
  }
}
