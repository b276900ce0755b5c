package io.switchboard.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The coordinator process: where its HTTP API listens, where its state lives, its limits and tokens.
 *
 * @param host the HTTP listen address
 * @param port the HTTP port; 0 picks a free one
 * @param stateDir the directory of the coordinator's RocksDB state
 * @param agentsFile agents to register at start (a JSON array of AgentSpec), if any
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param maxRecordBytes the largest Kafka record the coordinator writes (the broker's limit minus room)
 * @param apiTokens bearer tokens for /v1 calls; empty = no authentication (loopback development)
 * @param adminToken the token that may define {@code command} agents; empty = anyone may
 * @param workerTimeout how long after its last heartbeat a worker is no longer live
 * @param cancelGrace how long a running task may take to confirm a cancel before the coordinator
 *     records it as cancelled itself
 * @param deadlineGrace added to a task's {@code timeoutMs} before the coordinator records a {@code timeout}
 *     for an attempt whose result never came (the worker enforces {@code timeoutMs} itself)
 * @param taskLost a running task with no heartbeat for this long is {@code worker_lost}
 * @param runnersFile how to start workers of some runners on demand ({@link RunnerFiles}), if any
 * @param localConcurrency at most this many {@code local} tasks run at once inside the coordinator; 0 runs
 *     no local executor
 */
public record CoordinatorConfig(String host, int port, Path stateDir, Optional<Path> agentsFile,
    int maxBodyBytes, int maxRecordBytes, Set<String> apiTokens, Optional<String> adminToken,
    Duration workerTimeout, Duration cancelGrace, Duration deadlineGrace, Duration taskLost,
    Optional<Path> runnersFile, int localConcurrency) {

  public static final ConfigKey<String> HOST =
      ConfigTypes.string("host", "127.0.0.1", "Address the HTTP API listens on (0.0.0.0 for every interface).");
  public static final ConfigKey<Integer> PORT =
      ConfigTypes.integer("port", 8080, 0, 65535, "Port of the HTTP API; 0 picks a free port.");
  public static final ConfigKey<Path> STATE_DIR = ConfigTypes.path("state-dir", Path.of(".switchboard/coordinator"),
      "Directory of the coordinator's state (state/: the RocksDB store; native/: RocksDB's native library, "
          + "copied there once); losing it only costs a rebuild from the topics.");
  public static final ConfigKey<Path> AGENTS = ConfigTypes.path("agents", null,
      "A JSON file with an array of agent specs to register at start.");
  public static final ConfigKey<Integer> MAX_BODY = ConfigTypes.integer("max-body-bytes", 8 * 1024 * 1024, 1024,
      Integer.MAX_VALUE, "Largest request body accepted; larger is 413 too_large.");
  public static final ConfigKey<Integer> MAX_RECORD = ConfigTypes.integer("max-record-bytes", 900 * 1024, 1024,
      64 * 1024 * 1024, "Largest Kafka record value the coordinator writes; a single target larger is 413.");
  public static final ConfigKey<String> API_TOKENS = ConfigTypes.string("api-tokens", null,
      "Comma-separated bearer tokens; when set every /v1 call needs one (401 without).");
  public static final ConfigKey<String> ADMIN_TOKEN = ConfigTypes.string("admin-token", null,
      "Bearer token allowed to define command agents; when set, other tokens get 403 for that.");
  public static final ConfigKey<Duration> WORKER_TIMEOUT = ConfigTypes.millis("worker-timeout-ms",
      Duration.ofSeconds(10), "A worker without a heartbeat for this long is no longer listed as live.");
  public static final ConfigKey<Duration> CANCEL_GRACE = ConfigTypes.millis("cancel-grace-ms",
      Duration.ofSeconds(10), "How long a running task has to confirm a cancel before it is recorded as cancelled.");

  public static final ConfigKey<Duration> DEADLINE_GRACE = ConfigTypes.millis("deadline-grace-ms",
      Duration.ofSeconds(30), "Slack over a task's timeoutMs before the coordinator records a timeout itself.");
  public static final ConfigKey<Duration> TASK_LOST = ConfigTypes.millis("task-lost-ms", Duration.ofSeconds(90),
      "A running task without a heartbeat for this long is worker_lost (keep it above the share lock).");
  public static final ConfigKey<Path> RUNNERS_FILE = ConfigTypes.path("runners-file", null,
      "A JSON file of runners (name, kind, config) whose workers the coordinator starts on demand (docs/runners.md).");
  public static final ConfigKey<Integer> LOCAL_CONCURRENCY = ConfigTypes.integer("local-executor-concurrency", 4, 0,
      10_000, "At most this many tasks resolved to the local executor run at once inside the coordinator; 0 = no "
          + "local executor (targets that need one are 422 no_executor).");

  public static final ConfigGroup GROUP = new ConfigGroup("Coordinator",
      "The HTTP API, state and limits of `switchboard coordinator` (and of `switchboard dev`).",
      List.of(HOST, PORT, STATE_DIR, AGENTS, MAX_BODY, MAX_RECORD, API_TOKENS, ADMIN_TOKEN, WORKER_TIMEOUT,
          CANCEL_GRACE, DEADLINE_GRACE, TASK_LOST, RUNNERS_FILE, LOCAL_CONCURRENCY));

  public CoordinatorConfig {
    apiTokens = Set.copyOf(apiTokens);
    runnersFile = runnersFile == null ? Optional.empty() : runnersFile;
    if (localConcurrency < 0) {
      throw new ConfigException(LOCAL_CONCURRENCY.name(), "must be >= 0: " + localConcurrency);
    }
  }

  /** With the default local executor. */
  public CoordinatorConfig(String host, int port, Path stateDir, Optional<Path> agentsFile, int maxBodyBytes,
      int maxRecordBytes, Set<String> apiTokens, Optional<String> adminToken, Duration workerTimeout,
      Duration cancelGrace, Duration deadlineGrace, Duration taskLost, Optional<Path> runnersFile) {
    this(host, port, stateDir, agentsFile, maxBodyBytes, maxRecordBytes, apiTokens, adminToken, workerTimeout,
        cancelGrace, deadlineGrace, taskLost, runnersFile, LOCAL_CONCURRENCY.defaultValue());
  }

  /** Without a runners file (no runner is started on demand). */
  public CoordinatorConfig(String host, int port, Path stateDir, Optional<Path> agentsFile, int maxBodyBytes,
      int maxRecordBytes, Set<String> apiTokens, Optional<String> adminToken, Duration workerTimeout,
      Duration cancelGrace, Duration deadlineGrace, Duration taskLost) {
    this(host, port, stateDir, agentsFile, maxBodyBytes, maxRecordBytes, apiTokens, adminToken, workerTimeout,
        cancelGrace, deadlineGrace, taskLost, Optional.empty());
  }

  public static CoordinatorConfig from(ConfigSource source) {
    Set<String> tokens = source.find(API_TOKENS)
        .map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty())
            .collect(Collectors.toSet()))
        .orElse(Set.of());
    return new CoordinatorConfig(source.get(HOST), source.get(PORT), source.get(STATE_DIR), source.find(AGENTS),
        source.get(MAX_BODY), source.get(MAX_RECORD), tokens, source.find(ADMIN_TOKEN).filter(t -> !t.isBlank()),
        source.get(WORKER_TIMEOUT), source.get(CANCEL_GRACE), source.get(DEADLINE_GRACE), source.get(TASK_LOST),
        source.find(RUNNERS_FILE), source.get(LOCAL_CONCURRENCY));
  }

  /** Defaults for tests and embedding: loopback, a free port, no tokens. */
  public static CoordinatorConfig defaults(Path stateDir) {
    return new CoordinatorConfig("127.0.0.1", 0, stateDir, Optional.empty(), MAX_BODY.defaultValue(),
        MAX_RECORD.defaultValue(), Set.of(), Optional.empty(), WORKER_TIMEOUT.defaultValue(),
        CANCEL_GRACE.defaultValue(), DEADLINE_GRACE.defaultValue(), TASK_LOST.defaultValue());
  }

  /** The same configuration with other lifecycle timings (tests use short ones). */
  public CoordinatorConfig withTimings(Duration newCancelGrace, Duration newDeadlineGrace, Duration newTaskLost) {
    return new CoordinatorConfig(host, port, stateDir, agentsFile, maxBodyBytes, maxRecordBytes, apiTokens,
        adminToken, workerTimeout, newCancelGrace, newDeadlineGrace, newTaskLost, runnersFile, localConcurrency);
  }

  /** The same configuration with a runners file. */
  public CoordinatorConfig withRunnersFile(Path file) {
    return new CoordinatorConfig(host, port, stateDir, agentsFile, maxBodyBytes, maxRecordBytes, apiTokens,
        adminToken, workerTimeout, cancelGrace, deadlineGrace, taskLost, Optional.of(file), localConcurrency);
  }

  /** The same configuration with another local executor size (0 = none). */
  public CoordinatorConfig withLocalConcurrency(int concurrency) {
    return new CoordinatorConfig(host, port, stateDir, agentsFile, maxBodyBytes, maxRecordBytes, apiTokens,
        adminToken, workerTimeout, cancelGrace, deadlineGrace, taskLost, runnersFile, concurrency);
  }
}
