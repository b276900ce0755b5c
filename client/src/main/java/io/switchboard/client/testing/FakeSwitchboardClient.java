package io.switchboard.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ApiError;
import io.switchboard.client.CancelResult;
import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TaskPage;
import io.switchboard.client.TaskQuery;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.error.Rejection;
import io.switchboard.common.error.RejectionCode;
import io.switchboard.common.error.TaskError;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.StepOutcome;
import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.WorkerInfo;
import io.switchboard.common.validate.InvocationValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-memory {@link SwitchboardClient} for tests of code that submits work: no coordinator, no
 * Kafka. Register what each agent answers, run the code under test against it, then assert on the
 * results and on {@link #submissions()}.
 *
 * <pre>{@code
 * FakeSwitchboardClient fake = new FakeSwitchboardClient()
 *     .respond("summarizer", FakeSwitchboardClient.success("short"))
 *     .respond("checker", target -> target.prompt().contains("bad")
 *         ? FakeSwitchboardClient.failure(ErrorCode.AGENT_ERROR, "bad input")
 *         : FakeSwitchboardClient.success("ok"));
 * }</pre>
 *
 * <p>Behaviour, close to the coordinator's:
 *
 * <ul>
 *   <li>A submit is checked with the same {@link InvocationValidator} the coordinator uses (a
 *       refusal throws {@link SwitchboardApiException} with status 422 and the field); a target
 *       whose agent has no response, no registered spec and no {@link #respondToAny default} is
 *       refused as {@code unknown_agent}.
 *   <li>The targets of an invocation run in parallel on virtual threads (at most {@code
 *       maxParallel} at once); {@code outcomes} are always in target order. {@code failFast}
 *       cancels the siblings of the first failure. A response function that throws gives an {@code
 *       agent_error} outcome.
 *   <li>{@code submit} waits up to its {@code wait} (200, else 202 running); {@code detached}
 *       always answers 202. Ids are the {@code workflowId}, else {@code fake-1}, {@code fake-2},
 *       ...; resubmitting a {@code workflowId} returns the existing invocation (replayed when
 *       finished).
 *   <li>An agent registered with {@link #putAgent} of kind {@code echo} answers its prompt.
 *   <li>{@code cancel} cancels a task that has not finished and its child invocations' tasks; a
 *       function already running is not interrupted, its late outcome is ignored.
 *   <li>{@code events} sends {@code status}, then {@code result} when the task finishes.
 * </ul>
 */
public final class FakeSwitchboardClient implements SwitchboardClient {

  private static final TaskKey PLACEHOLDER = TaskKey.of("fake", "0");
  private static final int DEFAULT_PAGE = 100;

  private final Clock clock;
  private final InvocationValidator validator = new InvocationValidator();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final FakeAgents agents = new FakeAgents();
  private final List<WorkerInfo> workers = new CopyOnWriteArrayList<>();
  private final List<Invocation> submissions = new CopyOnWriteArrayList<>();
  private final Map<String, FakeInvocation> invocations = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** A fake on the system clock. */
  public FakeSwitchboardClient() {
    this(Clock.systemUTC());
  }

  /** A fake whose timestamps come from {@code clock}. */
  public FakeSwitchboardClient(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A successful outcome with {@code output}, for {@link #respond}. */
  public static StepOutcome success(String output) {
    return StepOutcome.succeeded(PLACEHOLDER, output, null, 1, false);
  }

  /** A successful outcome with {@code output} and its {@code structured} JSON. */
  public static StepOutcome success(String output, JsonNode structured) {
    return StepOutcome.succeeded(PLACEHOLDER, output, structured, 1, false);
  }

  /** A failed outcome, for {@link #respond}. */
  public static StepOutcome failure(ErrorCode code, String message) {
    return StepOutcome.failed(PLACEHOLDER, TaskError.of(code, message), 1, false);
  }

  /**
   * Every task of {@code agent} gets {@code outcome} (its key is replaced by the task's): build it
   * with {@link #success} or {@link #failure}.
   */
  public FakeSwitchboardClient respond(String agent, StepOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return respond(agent, target -> outcome);
  }

  /**
   * Every task of {@code agent} gets what {@code response} returns for its target; it runs on the
   * task's own virtual thread and may block (to test parallelism and timing).
   */
  public FakeSwitchboardClient respond(String agent, Function<Target, StepOutcome> response) {
    agents.respond(agent, response);
    return this;
  }

  /** The response for agents with no {@link #respond} of their own; makes every agent known. */
  public FakeSwitchboardClient respondToAny(Function<Target, StepOutcome> response) {
    agents.respondToAny(response);
    return this;
  }

  /** Adds a worker to what {@link #workers()} lists. */
  public FakeSwitchboardClient addWorker(WorkerInfo worker) {
    workers.add(Objects.requireNonNull(worker, "worker"));
    return this;
  }

  /** Every invocation submitted so far, as submitted, in order. */
  public List<Invocation> submissions() {
    return List.copyOf(submissions);
  }

  @Override
  public Submission submit(Invocation invocation, Duration wait) {
    submissions.add(invocation);
    Invocation normalized = invocation.normalized();
    List<Rejection> problems = new ArrayList<>(validator.validate(normalized));
    for (int i = 0; i < normalized.targets().size(); i++) {
      String agent = normalized.targets().get(i).agent();
      if (agent != null && !agents.isKnown(agent)) {
        problems.add(
            Rejection.of(
                RejectionCode.UNKNOWN_AGENT,
                "targets[" + i + "].agent",
                "no agent '" + agent + "'"));
      }
    }
    if (!problems.isEmpty()) {
      Rejection first = problems.get(0);
      throw new SwitchboardApiException(first.httpStatus(), ApiError.of(first));
    }
    FakeInvocation run;
    FakeInvocation existing;
    synchronized (invocations) {
      String id =
          normalized.workflowId() == null
              ? "fake-" + ids.incrementAndGet()
              : normalized.workflowId();
      existing = invocations.get(id);
      run = existing != null ? existing : new FakeInvocation(id, normalized, clock);
      invocations.putIfAbsent(id, run);
    }
    if (existing != null) {
      InvocationResult result = existing.awaitResult(wait);
      return new Submission(result.status().isTerminal() ? 200 : 202, result.replayed());
    }
    run.start(executor, target -> agents.respondTo(target, PLACEHOLDER));
    if (run.join() == Join.DETACHED) {
      return new Submission(202, run.running());
    }
    InvocationResult result = run.awaitResult(wait);
    return new Submission(result.status().isTerminal() ? 200 : 202, result);
  }

  @Override
  public Optional<InvocationResult> invocation(String invocationId, Duration wait) {
    return find(invocationId).map(run -> run.awaitResult(wait));
  }

  @Override
  public Optional<TaskSnapshot> task(TaskKey key) {
    return findTask(key).map(FakeTask::snapshot);
  }

  @Override
  public TaskPage tasks(TaskQuery query) {
    List<TaskSnapshot> matching =
        allTasks().stream()
            .map(FakeTask::snapshot)
            .filter(t -> query.parent() == null || query.parent().equals(t.parent()))
            .filter(t -> query.status() == null || query.status() == t.status())
            .filter(t -> query.agent() == null || query.agent().equals(t.agent()))
            .toList();
    int from = query.cursor() == null ? 0 : Integer.parseInt(query.cursor());
    int to =
        Math.min(matching.size(), from + (query.limit() == null ? DEFAULT_PAGE : query.limit()));
    return new TaskPage(
        matching.subList(Math.min(from, to), to),
        to < matching.size() ? Integer.toString(to) : null);
  }

  @Override
  public CancelResult cancel(TaskKey key) {
    Optional<FakeTask> task = findTask(key);
    if (task.isEmpty()) {
      return new CancelResult.NotFound(key);
    }
    List<TaskKey> cancelled = new ArrayList<>();
    cancelTree(task.get(), "cancelled by request", cancelled);
    return cancelled.isEmpty()
        ? new CancelResult.AlreadyFinished(
            key, "task " + key + " already " + task.get().status().wireName())
        : new CancelResult.Cancelling(key, cancelled);
  }

  @Override
  public List<AgentSpec> agents() {
    return agents.specs();
  }

  @Override
  public Optional<AgentSpec> agent(String name) {
    return agents.spec(name);
  }

  @Override
  public AgentSpec putAgent(AgentSpec spec) {
    agents.put(spec);
    return spec;
  }

  @Override
  public List<WorkerInfo> workers() {
    return List.copyOf(workers);
  }

  @Override
  public EventStream events(TaskKey key, Consumer<ServerSentEvent> onEvent) {
    FakeTask task =
        findTask(key)
            .orElseThrow(
                () -> new SwitchboardApiException(404, ApiError.of("not_found", "no task " + key)));
    return FakeEventStream.open(task, onEvent);
  }

  /** Stops the fake's threads; tasks still running are abandoned. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private void cancelTree(FakeTask task, String reason, List<TaskKey> cancelled) {
    if (task.cancel(reason)) {
      cancelled.add(task.key());
    }
    for (FakeTask child : allTasks()) {
      if (task.key().equals(child.parent())) {
        cancelTree(child, "parent " + task.key() + " cancelled", cancelled);
      }
    }
  }

  private Optional<FakeInvocation> find(String invocationId) {
    synchronized (invocations) {
      return Optional.ofNullable(invocations.get(invocationId));
    }
  }

  private Optional<FakeTask> findTask(TaskKey key) {
    return find(key.invocationId())
        .flatMap(run -> run.tasks().stream().filter(t -> t.key().equals(key)).findFirst());
  }

  private List<FakeTask> allTasks() {
    synchronized (invocations) {
      return invocations.values().stream().flatMap(run -> run.tasks().stream()).toList();
    }
  }
}
