package io.switchboard.coordinator.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.coordinator.Readiness;
import io.switchboard.coordinator.dispatch.PlannedInvocation;
import io.switchboard.coordinator.dispatch.RunnerTopics;
import io.switchboard.coordinator.dispatch.TaskPlanner;
import io.switchboard.coordinator.engine.Engine;
import io.switchboard.coordinator.feed.DeadLetterView;
import io.switchboard.coordinator.feed.TaskEventBus;
import org.apache.kafka.clients.producer.Producer;
import io.switchboard.coordinator.registry.AgentDirectory;
import io.switchboard.coordinator.registry.AgentPublisher;
import io.switchboard.coordinator.registry.WorkerDirectory;
import io.switchboard.coordinator.state.CoordinatorState;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The coordinator's HTTP API on Jetty 12. Handlers never block an I/O thread: long waits are futures,
 * event streams and blocking admin calls run on virtual threads.
 */
public final class HttpApi implements AutoCloseable {

  /**
   * What the server's buffer pool may keep, on the heap and off it (each; otherwise Jetty's defaults: every
   * bucket of 4 KB steps up to 64 KB): answers are encoded into its buffers (PooledBody), and Jetty's default
   * limit, an eighth of the maximum heap, would let it keep hundreds of MB after a burst of large answers.
   */
  private static final long POOL_MAX_BYTES = 32L * 1024 * 1024;

  private final Server server;
  private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("api-blocking-", 0).factory());

  public HttpApi(CoordinatorConfig config, CoordinatorState state, Engine engine, TaskPlanner planner,
      RunnerTopics runnerTopics, AgentDirectory agents, AgentPublisher publisher, WorkerDirectory workers,
      TaskEventBus bus, Readiness readiness, PrometheusMeterRegistry registry, DeadLetterView deadLetters,
      Producer<String, byte[]> producer) {
    this(config, state, engine, planner, runnerTopics, agents, publisher, workers, bus, readiness, registry,
        deadLetters, producer, List.of(), UnaryOperator.identity());
  }

  /**
   * With {@code more} routes of features kept outside this package (contexts), and {@code beforeSubmit}
   * applied to every planned invocation just before the engine gets it.
   */
  public HttpApi(CoordinatorConfig config, CoordinatorState state, Engine engine, TaskPlanner planner,
      RunnerTopics runnerTopics, AgentDirectory agents, AgentPublisher publisher, WorkerDirectory workers,
      TaskEventBus bus, Readiness readiness, PrometheusMeterRegistry registry, DeadLetterView deadLetters,
      Producer<String, byte[]> producer, List<Route> more, UnaryOperator<PlannedInvocation> beforeSubmit) {
    Auth auth = new Auth(config.apiTokens(), config.adminToken());
    ApiMetrics metrics = new ApiMetrics(registry);
    List<Route> routes = new ArrayList<>();
    routes.addAll(new InvocationRoutes(planner, runnerTopics, engine, state, blocking, beforeSubmit).routes());
    routes.addAll(new TaskRoutes(state, engine).routes());
    routes.addAll(new AgentRoutes(agents, publisher, auth).routes());
    routes.addAll(new StatusRoutes(readiness, workers, metrics).routes());
    routes.addAll(new DeadLetterRoutes(deadLetters, engine, producer).routes());
    routes.addAll(more);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(threads, null, new ArrayByteBufferPool(0, -1, -1, Integer.MAX_VALUE, POOL_MAX_BYTES,
        POOL_MAX_BYTES));
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setHandler(new ApiHandler(routes, new SseRoutes(state, bus), auth, config.maxBodyBytes(), metrics,
        readiness));
  }

  public void start() throws Exception {
    server.start();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
  public URI url() {
    ServerConnector connector = (ServerConnector) server.getConnectors()[0];
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1"
        : connector.getHost();
    return URI.create("http://" + host + ":" + connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    blocking.shutdownNow();
  }
}
