package io.switchboard.worker;

import io.switchboard.common.topic.TopicProvisioner;
import io.switchboard.common.topic.TopicLayout;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.config.WorkerConfig;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.model.WorkerInfo;
import io.switchboard.common.topic.Topics;
import io.switchboard.worker.internal.agents.AgentCatalog;
import io.switchboard.worker.internal.consume.Lane;
import io.switchboard.worker.internal.consume.LaneSizes;
import io.switchboard.worker.internal.consume.Settled;
import io.switchboard.worker.internal.control.CancelledKeys;
import io.switchboard.worker.internal.control.ControlListener;
import io.switchboard.worker.internal.publish.Publisher;
import io.switchboard.worker.internal.registry.AgentDirectory;
import io.switchboard.worker.internal.registry.Heartbeats;
import io.switchboard.worker.internal.run.CancelCause;
import io.switchboard.worker.internal.run.RunningTasks;
import io.switchboard.worker.internal.run.TaskRunner;
import io.switchboard.worker.internal.tail.TopicTail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's engine: takes the tasks of one runner from its share group and runs them (DESIGN.md,
 * "Work path"). {@link #start} returns once it consumes; {@link #close} stops it gracefully.
 *
 * <p>Inside: {@code min(concurrency, 8)} lanes (share consumers on platform threads, see {@link Lane})
 * whose sizes add up to {@code concurrency}; tasks on virtual threads; a reader of {@code <p>.control}
 * for cancels and one of {@code <p>.registry} for the agents served; heartbeats; one shared producer.
 * The lane threads keep the JVM alive until {@link #close}.
 */
public final class Worker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** How far back a starting worker reads cancels, so a task cancelled while no worker ran stays cancelled. */
  static final Duration CANCEL_WINDOW = Duration.ofMinutes(15);

  private static final Duration CATCH_UP = Duration.ofSeconds(15);
  private static final Duration LANE_STOP = Duration.ofSeconds(30);
  /** How many settled records the lanes remember, to recognise one Kafka hands back after it was settled. */
  private static final int SETTLED_REMEMBERED = 4_096;

  private final WorkerConfig config;
  private final Clock clock;
  private final Instant startedAt;
  private final String host;
  private final KafkaProducer<String, byte[]> producer;
  private final Publisher publisher;
  private final RunningTasks running = new RunningTasks();
  private final Semaphore slots;
  private final AgentDirectory agents;
  private final WorkerThreads threads;
  private final List<TopicTail> tails = new ArrayList<>();
  private final List<Lane> laneLoops = new ArrayList<>();
  private final List<Thread> lanes = new ArrayList<>();
  private final Heartbeats heartbeats;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Worker(WorkerConfig config, KafkaSettings kafka, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.host = WorkerConfig.hostName();
    Topics topics = new Topics(kafka.topicPrefix());
    KafkaClients clients = new KafkaClients(kafka);
    String id = config.workerId();
    this.slots = new Semaphore(config.concurrency());
    this.threads = new WorkerThreads();
    List<AutoCloseable> opened = new ArrayList<>(List.of(threads));
    try {
      this.producer = opened(opened, clients.producer(id + "-producer"));
      this.publisher = new Publisher(producer, topics);
      DeadLetters deadLetters = new DeadLetters(producer, topics.dlq(), clock);
      this.agents = new AgentDirectory(config.runner(), deadLetters);
      this.heartbeats = new Heartbeats(publisher, this::info, running, clock);
      CancelledKeys cancelled = new CancelledKeys(clock);
      tails.add(new TopicTail("sb-worker-registry", opened(opened, clients.assignedConsumer(id + "-registry")),
          topics.registry(), new TopicTail.StartAt.Beginning(), agents, clock));
      tails.add(new TopicTail("sb-worker-control", opened(opened, clients.assignedConsumer(id + "-control")),
          topics.control(), new TopicTail.StartAt.Within(CANCEL_WINDOW),
          new ControlListener(cancelled, running, deadLetters), clock));
      TaskRunner runner = new TaskRunner(new TaskRunner.Settings(id, config.deliveryLimit(), config.coordinatorUrl(),
          config.startedEventAfter()),
          publisher, deadLetters, cancelled, running, AgentCatalog.load(classLoader()), slots, threads.timer(),
          stopping::get, clock);
      int[] sizes = LaneSizes.split(config.concurrency());
      Settled settled = new Settled(SETTLED_REMEMBERED);
      for (int i = 0; i < sizes.length; i++) {
        String name = "sb-worker-lane-" + i;
        Lane lane = new Lane(name, opened(opened, clients.shareConsumer(id + "-lane-" + i,
            topics.shareGroup(config.runner()), sizes[i])), topics.tasks(config.runner()), runner, threads.tasks(),
            settled, stopping::get, abandoned::get);
        laneLoops.add(lane);
        lanes.add(Thread.ofPlatform().name(name).unstarted(lane));
      }
    } catch (RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T resource) {
    opened.add(resource);
    return resource;
  }

  private static void closeQuietly(List<AutoCloseable> opened) {
    for (AutoCloseable resource : opened.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        log.debug("cannot close {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /**
   * Starts a worker: reads the registry and the recent cancels, starts the heartbeats and the lanes, and
   * returns once the lanes consume the runner's task topic.
   */
  /**
   * A worker may start before any task of its runner exists: it makes sure the runner's topic exists and
   * its share group starts at the earliest task, so nothing produced before it joined is missed.
   */
  private static void provisionRunner(WorkerConfig config, KafkaSettings kafka) {
    Topics topics = new Topics(kafka.topicPrefix());
    try (var admin = new KafkaClients(kafka).admin("switchboard-worker-admin")) {
      var provisioner = new TopicProvisioner(admin);
      provisioner.ensureTopics(List.of(new TopicLayout(topics, kafka.partitions(), kafka.replicationFactor())
          .taskTopic(config.runner())));
      provisioner.startAtEarliest(topics.shareGroup(config.runner()));
    }
  }

  public static Worker start(WorkerConfig config, KafkaSettings kafka, Clock clock) {
    provisionRunner(config, kafka);
    Worker worker = new Worker(config, kafka, clock);
    try {
      worker.startThreads();
    } catch (RuntimeException | InterruptedException e) {
      worker.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("worker " + config.workerId() + " could not start", e);
    }
    return worker;
  }

  private void startThreads() throws InterruptedException {
    tails.forEach(TopicTail::start);
    for (TopicTail tail : tails) {
      if (!tail.awaitCaughtUp(CATCH_UP)) {
        log.warn("worker {}: the registry or control topic is not read up to date yet; starting anyway",
            config.workerId());
      }
    }
    heartbeats.start(threads.timer(), config.heartbeat());
    lanes.forEach(Thread::start);
    for (Lane lane : laneLoops) {
      lane.awaitSubscribed(CATCH_UP);
    }
    log.info("worker {} started: runner {}, concurrency {} in {} lanes, serving {}", config.workerId(),
        config.runner(), config.concurrency(), lanes.size(), agents.names());
  }

  /** This worker's id, as in its heartbeats and results. */
  public String id() {
    return config.workerId();
  }

  /** What this worker announces now: its agents, tasks in flight and capacity. */
  public WorkerInfo info() {
    int inFlight = Math.max(0, config.concurrency() - slots.availablePermits());
    return new WorkerInfo(config.workerId(), config.runner(), agents.names(), inFlight, config.concurrency(),
        clock.instant(), host, startedAt);
  }

  /**
   * Stops gracefully: takes no new tasks, lets running ones finish within {@code grace-ms}, then cancels
   * the rest (killing their processes) and RELEASEs their records so another worker takes them at once;
   * removes its heartbeat from the registry and closes its clients. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("worker {} stopping: {} tasks held, grace {} ms", config.workerId(), running.size(),
        config.grace().toMillis());
    stopping.set(true);
    laneLoops.forEach(Lane::wake); // idle lanes wait in long polls
    int waiting = running.cancelWaiting(new CancelCause.Shutdown());
    if (waiting > 0) {
      log.info("worker {}: handing back {} tasks that had not started", config.workerId(), waiting);
    }
    awaitIdle(config.grace());
    awaitFreeLanesClosed();
    if (!running.isEmpty()) {
      int handedBack = running.cancelAll(new CancelCause.Shutdown());
      log.info("worker {}: grace over, handing back {} tasks", config.workerId(), handedBack);
    }
    joinLanes();
    heartbeats.close();
    tails.forEach(TopicTail::close);
    threads.close();
    try {
      publisher.tombstone(config.workerId()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("worker {}: cannot remove its heartbeat from the registry: {}", config.workerId(), e.toString());
    }
    producer.close(Duration.ofSeconds(10));
    log.info("worker {} stopped", config.workerId());
  }

  private void awaitIdle(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Waits until every lane that holds no task has closed its consumer. A lane's client keeps a fetch open
   * in the background; a task handed back while another lane of this worker still fetched would be taken
   * by that lane and handed back again on its close, each time raising the record's delivery count towards
   * the poison limit, before any other worker saw it.
   */
  private void awaitFreeLanesClosed() {
    long deadline = System.nanoTime() + LANE_STOP.toNanos();
    for (int i = 0; i < lanes.size(); i++) {
      Thread lane = lanes.get(i);
      while (lane.isAlive() && !laneLoops.get(i).holding() && System.nanoTime() < deadline) {
        try {
          lane.join(Duration.ofMillis(20));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void joinLanes() {
    for (Thread lane : lanes) {
      if (lane.getState() == Thread.State.NEW) {
        lane.start(); // it sees the stop at once and closes its consumer
      }
    }
    if (!joinAll(LANE_STOP)) {
      log.warn("worker {}: lanes did not stop in {} s; abandoning what they hold", config.workerId(),
          LANE_STOP.toSeconds());
      abandoned.set(true);
      laneLoops.forEach(Lane::wake);
      joinAll(Duration.ofSeconds(10));
    }
  }

  private boolean joinAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread lane : lanes) {
      try {
        if (lane.isAlive()) {
          lane.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return lanes.stream().noneMatch(Thread::isAlive);
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Worker.class.getClassLoader();
  }
}
