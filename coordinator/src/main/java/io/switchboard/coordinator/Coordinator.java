package io.switchboard.coordinator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.common.config.AgentFiles;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.KafkaSettings;
import io.switchboard.common.kafka.DeadLetters;
import io.switchboard.common.kafka.KafkaClients;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.TopicLayout;
import io.switchboard.common.topic.TopicProvisioner;
import io.switchboard.common.topic.Topics;
import io.switchboard.coordinator.api.HttpApi;
import io.switchboard.coordinator.api.PortCheck;
import io.switchboard.coordinator.context.ContextIndex;
import io.switchboard.coordinator.context.ContextRecovery;
import io.switchboard.coordinator.context.ContextRoutes;
import io.switchboard.coordinator.context.ContextWriter;
import io.switchboard.coordinator.dispatch.EnvelopeFactory;
import io.switchboard.coordinator.dispatch.RunnerTopics;
import io.switchboard.coordinator.dispatch.TaskPlanner;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.executor.LocalExecutor;
import io.switchboard.coordinator.executor.LocalExecutorSettings;
import io.switchboard.coordinator.executor.RunnerSupply;
import io.switchboard.coordinator.engine.Lifecycle;
import io.switchboard.coordinator.hook.HookContext;
import io.switchboard.coordinator.hook.Hooks;
import io.switchboard.common.config.ConfigSource;
import io.switchboard.coordinator.supervisor.Supervisor;
import io.switchboard.coordinator.engine.ScheduledTimers;
import io.switchboard.coordinator.feed.Feeds;
import io.switchboard.coordinator.feed.DeadLetterView;
import io.switchboard.coordinator.feed.TaskEventBus;
import io.switchboard.coordinator.feed.TopicFeed;
import io.switchboard.coordinator.registry.AgentDirectory;
import io.switchboard.coordinator.registry.AgentPublisher;
import io.switchboard.coordinator.registry.WorkerDirectory;
import io.switchboard.coordinator.state.CoordinatorState;
import io.switchboard.coordinator.store.StateStore;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.TopicPartition;
import io.switchboard.coordinator.recovery.HeapTrim;
import io.switchboard.coordinator.recovery.Recovery;
import io.switchboard.coordinator.recovery.StoredHistory;
import io.switchboard.coordinator.runner.RunnerContext;
import io.switchboard.coordinator.runner.RunnerDemand;
import io.switchboard.coordinator.runner.RunnerScaler;
import io.switchboard.coordinator.runner.Runners;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator: the HTTP API in front, the engine owning the state, and feeds that keep the state a view
 * of the Kafka topics. {@link #start} returns once it serves; {@link #close} stops it cleanly.
 */
public final class Coordinator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SCALER_PERIOD = Duration.ofMillis(500);
  /** On stop, how long local tasks may finish before they are handed back (they resume after a restart). */
  private static final Duration LOCAL_GRACE = Duration.ofSeconds(5);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Readiness readiness = new Readiness();
  private HttpApi api;
  private Runners runners = Runners.NONE;

  private Coordinator() {}

  public static Coordinator start(CoordinatorConfig config, KafkaSettings kafka, ShareGroupSettings shareGroups,
      Clock clock) throws Exception {
    return start(config, kafka, shareGroups, new ConfigSource(Map.of(), Map.of()), clock);
  }

  /** Starts a coordinator; {@code hookConfig} holds the hook keys ({@link Hooks#GROUP}). */
  public static Coordinator start(CoordinatorConfig config, KafkaSettings kafka, ShareGroupSettings shareGroups,
      ConfigSource hookConfig, Clock clock) throws Exception {
    Coordinator coordinator = new Coordinator();
    try {
      coordinator.startAll(config, kafka, shareGroups, hookConfig, clock);
      return coordinator;
    } catch (Exception e) {
      coordinator.close();
      throw e;
    }
  }

  private void startAll(CoordinatorConfig config, KafkaSettings kafka, ShareGroupSettings shareGroups,
      ConfigSource hookConfig, Clock clock) throws Exception {
    StartSteps steps = new StartSteps();
    // a bad runners file stops the start here, before anything is started
    runners = Runners.load(config.runnersFile(), new RunnerContext(kafka, this::url, config.stateDir(), clock));
    PortCheck.requireFree(config.host(), config.port()); // and a port in use, before the store and the recovery
    // the state store opens (its native library loaded, its log replayed) while the clients are set up
    CompletableFuture<StateStore> opening = CompletableFuture.supplyAsync(
        () -> StateStore.open(config.stateDir().resolve("state")),
        task -> Thread.ofPlatform().name("coordinator-store").start(task));
    resources.add(() -> opening.thenAccept(StateStore::close)); // closed last; once open, if the start fails
    KafkaClients clients = new KafkaClients(kafka);
    Topics topics = new Topics(kafka.topicPrefix());
    TopicLayout layout = new TopicLayout(topics, kafka.partitions(), kafka.replicationFactor());
    Admin admin = clients.admin("switchboard-coordinator-admin");
    resources.add(admin);
    TopicProvisioner provisioner = new TopicProvisioner(admin);
    RunnerTopics runnerTopics = new RunnerTopics(provisioner, layout, shareGroups);
    LocalExecutor local = LocalExecutor.find(config.localConcurrency());
    // the topics are checked while the rest starts (the HTTP server above all); recovery waits for them
    CompletableFuture<Void> provisioned = CompletableFuture.runAsync(() -> {
      provisioner.ensureTopics(layout.specs(List.of(Topics.DEFAULT_RUNNER)));
      runnerTopics.ensure(Topics.DEFAULT_RUNNER);
      if (local.isOn()) {
        runnerTopics.ensure(Topics.LOCAL_RUNNER);
      }
    }, task -> Thread.ofPlatform().name("coordinator-topics").start(task));

    KafkaProducer<String, byte[]> producer = clients.producer("switchboard-coordinator");
    resources.add(producer);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AgentDirectory agents = new AgentDirectory();
    WorkerDirectory workers = new WorkerDirectory(clock, config.workerTimeout());
    TaskEventBus bus = new TaskEventBus();
    ScheduledTimers timers = new ScheduledTimers();
    steps.done("setup");
    StateStore store;
    try {
      store = awaitDone(opening);
    } catch (StateStore.InUseException e) { // a deployment's mistake: told in one line, as a bad setting is
      throw new ConfigException(CoordinatorConfig.STATE_DIR.name(), e.getMessage());
    }
    steps.done("state store (opened alongside)");
    CoordinatorState state = new CoordinatorState(new StoredHistory(store));
    ContextIndex contexts = new ContextIndex(state);
    ContextWriter contextWriter = new ContextWriter(contexts, state, producer, topics, clock);
    HookContext hookContext = new HookContext(producer, topics, hookConfig, clock, config.maxRecordBytes());
    Lifecycle lifecycle = Lifecycle.from(config, Hooks.load(hookContext).with(contextWriter.outputHook()));
    Engine engine = new Engine(state, producer, topics, new EnvelopeFactory(clock, contexts::reference), timers, bus,
        clock, lifecycle, store, readiness, config.maxRecordBytes());
    timers.bind(engine);
    contextWriter.bind(engine);
    resources.add(engine);
    Gauge.builder("switchboard.invocations", state, CoordinatorState::invocationCount)
        .description("invocations this coordinator knows").register(registry);
    Gauge.builder("switchboard.invocations.in.memory", state, CoordinatorState::inMemoryCount)
        .description("invocations held in memory: unfinished ones (finished ones are on disk)").register(registry);
    Map<String, ToDoubleFunction<StateStore.NativeMemory>> parts = Map.of(
        "cache", StateStore.NativeMemory::cacheBytes, "memtables", StateStore.NativeMemory::memtableBytes,
        "table_readers", StateStore.NativeMemory::tableReaderBytes);
    parts.forEach((part, value) -> Gauge.builder("switchboard.store.native.bytes", store,
            st -> value.applyAsDouble(st.nativeMemory()))
        .description("RocksDB's memory outside the heap: its shared cache (cached blocks and the memtables "
            + "charged to it), the memtables, the open tables' index and filter blocks (outside the cache)")
        .baseUnit("bytes").tag("part", part).register(registry));
    Gauge.builder("switchboard.workers.live", workers, w -> w.live().size())
        .description("workers with a recent heartbeat").register(registry);

    DeadLetters deadLetters = new DeadLetters(producer, topics.dlq(), clock);
    Feeds feeds = new Feeds(engine, agents, workers, bus, deadLetters);
    AgentPublisher publisher = new AgentPublisher(producer, topics.registry(), agents);
    TaskPlanner planner = new TaskPlanner(agents, state, clock, config.maxRecordBytes(),
        () -> RunnerSupply.of(local.isOn(), workers.live(), runners.startableRunners()));
    // the API starts alongside recovery: /readyz tells how recovery goes; /v1 answers 503 until the state
    // is complete
    DeadLetterView deadLetterView = new DeadLetterView();
    ContextRoutes contextRoutes = new ContextRoutes(contexts, contextWriter, config.maxRecordBytes());
    CompletableFuture<HttpApi> serving = CompletableFuture.supplyAsync(() -> {
      HttpApi started = new HttpApi(config, state, engine, planner, runnerTopics, agents, publisher, workers, bus,
          readiness, registry, deadLetterView, producer, contextRoutes.routes(), contexts::stamp);
      try {
        started.start();
        return started;
      } catch (Exception e) {
        closeQuietly(started);
        throw new CompletionException(e);
      }
    }, task -> Thread.ofPlatform().name("coordinator-http").start(task));
    Recovery.Rebuilt rebuilt;
    TopicFeed registryFeed;
    try {
      awaitDone(provisioned); // the topic check started at the beginning; its failure stops the start
      steps.done("topics (checked alongside)");
      // the agents and workers it holds touch no invocation: read while the state is rebuilt
      registryFeed = feed(clients, topics.registry(), TopicFeed.Start.BEGINNING, Map.of(), feeds::registry);
      rebuilt = rebuild(clients, producer, topics, state, deadLetters, store, config, lifecycle.supervisor(),
          contexts);
      steps.done("recovery");
    } catch (Exception | Error e) {
      serving.thenAccept(Coordinator::closeQuietly); // the server, once up, goes with the failed start
      throw e;
    }
    try {
      api = awaitDone(serving);
    } catch (IOException e) {
      if (e.getCause() instanceof BindException taken) { // taken since the start's PortCheck
        throw PortCheck.inUse(e.getMessage(), taken);
      }
      throw e;
    }
    resources.add(api);
    steps.done("http (alongside)");
    readiness.moveTo(Readiness.State.CATCHING_UP, "reading the agent registry");
    feed(clients, topics.results(), TopicFeed.Start.BEGINNING, rebuilt.resultsEnd(), feeds::results);
    feed(clients, topics.events(), TopicFeed.Start.END, Map.of(), feeds::events);
    feed(clients, topics.dlq(), TopicFeed.Start.BEGINNING, Map.of(), deadLetterView::feed);
    if (!registryFeed.awaitCaughtUp(CATCH_UP_TIMEOUT)) {
      throw new IllegalStateException("the registry topic was not read within " + CATCH_UP_TIMEOUT);
    }
    steps.done("registry (read alongside)");
    if (config.agentsFile().isPresent()) {
      registerAgents(config.agentsFile().get(), publisher);
    }
    engine.start();
    engine.resume();
    contextWriter.repair();
    resources.add(runners); // closed before the engine: the workers it started stop first
    resources.add(new RunnerScaler(runners, r -> engine.query(s -> RunnerDemand.of(s, r)), workers::live)
        .start(SCALER_PERIOD));
    readiness.moveTo(Readiness.State.RUNNING, "serving");
    steps.done("engine");
    log.info("coordinator ready on {} (topics {}.*); {}", api.url(), topics.prefix(), steps);
    HeapTrim.afterRebuild();
    // after serving: until it consumes, local tasks wait in their topic as remote ones wait for a worker
    if (local.isOn()) { // closed first: its running tasks are handed back while the engine still listens
      long localStart = System.nanoTime();
      resources.add(local.start(new LocalExecutorSettings(kafka, local.concurrency(),
          shareGroups.deliveryCountLimit(), api.url(), LOCAL_GRACE, clock)));
      log.info("local executor consuming {} ms after the coordinator was ready",
          (System.nanoTime() - localStart) / 1_000_000);
    }
  }

  /** The future's value, or the exception it failed with. */
  private static <T> T awaitDone(CompletableFuture<T> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null
          ? wrapped.getCause() : e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  private static void closeQuietly(HttpApi server) {
    try {
      server.close();
    } catch (Exception e) {
      log.debug("cannot close the HTTP server: {}", e.toString());
    }
  }

  private TopicFeed feed(KafkaClients clients, String topic, TopicFeed.Start start,
      Map<TopicPartition, Long> from,
      java.util.function.Consumer<List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>>> handler) {
    TopicFeed feed = new TopicFeed(clients.assignedConsumer("switchboard-coordinator-" + topic), topic, start,
        from, handler).start();
    resources.add(feed);
    return feed;
  }

  /**
   * Rebuilds the state; a state store that turns out unreadable while loading is wiped and the state
   * rebuilt from the topics alone.
   */
  private Recovery.Rebuilt rebuild(KafkaClients clients, Producer<String, byte[]> producer, Topics topics,
      CoordinatorState state,
      DeadLetters deadLetters, StateStore store, CoordinatorConfig config, Supervisor supervisor,
      ContextIndex contexts) {
    try {
      Recovery.Rebuilt rebuilt = new Recovery(clients, topics, state, readiness, deadLetters, store, supervisor, producer)
          .rebuild();
      readiness.moveTo(Readiness.State.CATCHING_UP, "reading " + topics.contexts());
      ContextRecovery.rebuild(clients, topics, store, contexts, deadLetters);
      return rebuilt;
    } catch (IllegalStateException e) {
      if (store.offsets().isEmpty()) {
        throw e;
      }
      log.warn("the state store in {} is unusable ({}): rebuilding from the topics", config.stateDir(),
          e.getMessage());
      state.clear();
      contexts.clear();
      store.clear();
      Recovery.Rebuilt rebuilt = new Recovery(clients, topics, state, readiness, deadLetters, store, supervisor, producer)
          .rebuild();
      ContextRecovery.rebuild(clients, topics, store, contexts, deadLetters);
      return rebuilt;
    }
  }

  /** Registers every agent of an agents file; a bad file stops the start with the field at fault. */
  static void registerAgents(Path file, AgentPublisher publisher) throws Exception {
    List<AgentSpec> specs = AgentFiles.read(file);
    for (AgentSpec spec : specs) {
      publisher.publish(spec).get();
    }
    log.info("registered {} agents from {}", specs.size(), file);
  }

  /** The base URL of the HTTP API. */
  public URI url() {
    return api.url();
  }

  /** The runners whose workers this coordinator starts on demand ({@code --runners-file}). */
  public java.util.Set<String> startableRunners() {
    return runners.startableRunners();
  }

  public Readiness readiness() {
    return readiness;
  }

  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("error while stopping: {}", e.toString());
      }
    }
    resources.clear();
  }
}
