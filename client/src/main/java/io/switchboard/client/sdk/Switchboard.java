package io.switchboard.client.sdk;

import io.switchboard.client.CancelResult;
import io.switchboard.client.HttpSwitchboardClient;
import io.switchboard.client.Submission;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TaskPage;
import io.switchboard.client.TaskQuery;
import io.switchboard.common.model.Invocation;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskRef;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Java SDK: orchestration primitives over a coordinator, composed on a {@link
 * SwitchboardClient} (so tests of your code can run it on {@link
 * io.switchboard.client.testing.FakeSwitchboardClient}).
 *
 * <ul>
 *   <li>{@link #invoke(Step)} / {@link #invoke(Invocation)}: run and wait, typed results;
 *   <li>{@link #parallel(List, Options)}: fan out, results in input order, {@code maxParallel},
 *       {@code failFast};
 *   <li>{@link #pipeline(List, List, Options)}: each item through the stages, no barrier between
 *       items;
 *   <li>{@link #parallelResumable(List, String, Options)}: journaled by the coordinator under your
 *       {@code workflowId}: run it again after a crash and finished steps are replayed, not rerun;
 *   <li>{@link #spawn(Step)}, {@link #kill(TaskKey)}, {@link #await(TaskKey)}, {@link
 *       #list(TaskQuery)}: the task tree ({@code await} is the brief's "wait": {@code wait} belongs
 *       to {@link Object}).
 * </ul>
 *
 * <p>Inside a {@code command} agent, {@link #fromEnvironment()} connects to {@code SWITCHBOARD_URL}
 * and makes every submission a child of the agent's own task ({@code SWITCHBOARD_TASK_KEY}), so
 * the tree, cascading cancel and tool narrowing follow.
 *
 * <pre>{@code
 * try (Switchboard sb = Switchboard.connect("http://127.0.0.1:8080")) {
 *   List<StepResult> results = sb.parallel(List.of(
 *       Step.of("echo", "one"), Step.of("echo", "two")));
 * }
 * }</pre>
 *
 * <p>Every invocation the SDK submits carries an id (the {@code workflowId} you gave, else a fresh
 * one), so a submit whose answer was lost is sent again safely; every wait rides out coordinator
 * restarts until {@link Options#timeout()}. Refusals (422 naming the field, 409 conflict) throw
 * {@link io.switchboard.client.SwitchboardApiException}. Thread-safe.
 */
public final class Switchboard implements AutoCloseable {

  /** The environment variable with the coordinator's URL (set for command agents). */
  public static final String URL_ENV = "SWITCHBOARD_URL";

  /** The environment variable with the running agent's task key (set for command agents). */
  public static final String TASK_KEY_ENV = "SWITCHBOARD_TASK_KEY";

  /** The environment variable with a bearer token, when the coordinator needs one. */
  public static final String TOKEN_ENV = "SWITCHBOARD_TOKEN";

  private final SwitchboardClient client;
  private final TaskKey parent;
  private final Options options;
  private final boolean ownsClient;
  private final InvocationRunner runner;
  private final TaskWaiter waiter;

  private Switchboard(SwitchboardClient client, TaskKey parent, Options options, boolean owns) {
    this.client = Objects.requireNonNull(client, "client");
    this.parent = parent;
    this.options = Objects.requireNonNull(options, "options");
    this.ownsClient = owns;
    this.runner = new InvocationRunner(client);
    this.waiter = new TaskWaiter(client);
  }

  /** An SDK over {@code client}, top level, default options; closing it leaves the client open. */
  public static Switchboard over(SwitchboardClient client) {
    return new Switchboard(client, null, Options.defaults(), false);
  }

  /**
   * An SDK over {@code client} whose submissions are children of {@code parentTask} (null: top
   * level); closing it leaves the client open.
   */
  public static Switchboard over(SwitchboardClient client, TaskKey parentTask) {
    return new Switchboard(client, parentTask, Options.defaults(), false);
  }

  /** An SDK talking to the coordinator at {@code baseUrl}, top level; close it when done. */
  public static Switchboard connect(String baseUrl) {
    return new Switchboard(HttpSwitchboardClient.builder(baseUrl).build(), null,
        Options.defaults(), true);
  }

  /**
   * The SDK inside an agent: the coordinator from {@code SWITCHBOARD_URL}, the parent from {@code
   * SWITCHBOARD_TASK_KEY} (absent: top level), the token from {@code SWITCHBOARD_TOKEN}.
   *
   * @throws IllegalStateException when {@code SWITCHBOARD_URL} is not set (a worker started
   *     without {@code --coordinator-url})
   */
  public static Switchboard fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #fromEnvironment()}, reading {@code env} instead of the process environment. */
  public static Switchboard fromEnvironment(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(URL_ENV + " is not set: run inside a command agent of a"
          + " worker that knows its coordinator (--coordinator-url), or use Switchboard.connect");
    }
    String key = env.get(TASK_KEY_ENV);
    TaskKey parentTask = key == null || key.isBlank() ? null : TaskKey.parse(key.strip());
    SwitchboardClient http =
        HttpSwitchboardClient.builder(url.strip()).token(env.get(TOKEN_ENV)).build();
    return new Switchboard(http, parentTask, Options.defaults(), true);
  }

  /** The same SDK (sharing its client) with {@code defaults} as the options of every call. */
  public Switchboard withOptions(Options defaults) {
    return new Switchboard(client, parent, defaults, false);
  }

  /** The task whose children this SDK's submissions are; empty at top level. */
  public Optional<TaskKey> parent() {
    return Optional.ofNullable(parent);
  }

  /** The options every call without its own uses. */
  public Options options() {
    return options;
  }

  /** The transport underneath, for the calls the SDK does not wrap (agents, workers, events). */
  public SwitchboardClient client() {
    return client;
  }

  // ---- invoke ----

  /** Runs one step and waits for its result. */
  public StepResult invoke(Step step) {
    return invoke(step, options);
  }

  /** Runs one step with {@code callOptions} and waits for its result. */
  public StepResult invoke(Step step, Options callOptions) {
    return run(List.of(step), null, Join.SINGLE, callOptions).single();
  }

  /**
   * Submits {@code invocation} as it is (its own workflowId, join and options; this SDK's parent
   * when it names none) and waits, up to the default timeout, for its join.
   *
   * @throws IllegalArgumentException for a {@code detached} join: use {@link #spawn}
   */
  public RunResult invoke(Invocation invocation) {
    if (invocation.join() == Join.DETACHED) {
      throw new IllegalArgumentException("a detached invocation is not waited for: use spawn");
    }
    Invocation sent = invocation.parentTaskId() != null || parent == null ? invocation
        : new Invocation(invocation.workflowId(), invocation.join(), invocation.targets(),
            invocation.context(), invocation.executor(), invocation.tools(), parent.toString(),
            invocation.maxParallel(), invocation.failFast());
    return RunResult.of(runner.run(InvocationRunner.withId(sent), options.timeout()));
  }

  // ---- parallel ----

  /** Runs {@code steps} at once; their results in input order, not completion order. */
  public List<StepResult> parallel(Step... steps) {
    return parallel(List.of(steps), options);
  }

  /** Runs {@code steps} at once; their results in input order, not completion order. */
  public List<StepResult> parallel(List<Step> steps) {
    return parallel(steps, options);
  }

  /**
   * Runs {@code steps} as one {@code all} invocation: at most {@link Options#maxParallel()} at once
   * (the rest queue at the coordinator), the first failure cancelling the rest with {@link
   * Options#failFast()}; the results in input order, every one present.
   */
  public List<StepResult> parallel(List<Step> steps, Options callOptions) {
    return run(steps, null, Join.ALL, callOptions).steps();
  }

  // ---- parallelResumable ----

  /** {@link #parallelResumable(List, String, Options)} with this SDK's options. */
  public List<StepResult> parallelResumable(List<Step> steps, String workflowId) {
    return parallelResumable(steps, workflowId, options);
  }

  /**
   * {@link #parallel} journaled under {@code workflowId}. The coordinator journals every step; if
   * this process dies, calling again with the same steps and {@code workflowId} replays the
   * finished steps ({@link StepResult#replayed()}), re-attaches to the running ones and runs only
   * the missing ones. If the coordinator dies, this call keeps waiting and re-attaches when it is
   * back. Changing a finished step's spec under the same id is refused (409 {@code conflict}).
   *
   * @param workflowId a stable id of yours: non-blank, no {@code '/'}, at most 200 characters
   */
  public List<StepResult> parallelResumable(
      List<Step> steps, String workflowId, Options callOptions) {
    if (workflowId == null || workflowId.isBlank()) {
      throw new IllegalArgumentException("parallelResumable needs a workflowId");
    }
    return run(steps, workflowId, Join.ALL, callOptions).steps();
  }

  // ---- pipeline ----

  /** {@link #pipeline(List, List, Options)} with this SDK's options. */
  public <I> List<ItemResult<I>> pipeline(List<I> items, List<Stage<I>> stages) {
    return pipeline(items, stages, options);
  }

  /**
   * Runs each item through {@code stages}, each item on its own: a fast item reaches the last
   * stage while a slow one is still in the first (no barrier between items). Each stage gets the
   * item and its earlier results and returns the next step, or null to stop that item. An item
   * stops where its step fails, or where its stage throws (the result carries the stage and the
   * exception); the other items go on. {@link Options#maxParallel()} bounds the steps in flight.
   *
   * @return one result per item, in input order
   */
  public <I> List<ItemResult<I>> pipeline(
      List<I> items, List<Stage<I>> stages, Options callOptions) {
    Options stepOptions = callOptions.withMaxParallel(null).withFailFast(false);
    return new PipelineRun<>(stages, step -> invoke(step, stepOptions), callOptions.maxParallel())
        .run(items);
  }

  // ---- the task tree ----

  /** Starts {@code step} detached (a child of this SDK's parent, if any); its task key at once. */
  public TaskKey spawn(Step step) {
    return spawn(List.of(step), options).get(0);
  }

  /**
   * Starts {@code steps} as one detached invocation and answers at once with their task keys, in
   * input order; the tasks run on. {@link #await} waits for one, {@link #kill} cancels one with
   * its descendants.
   */
  public List<TaskKey> spawn(List<Step> steps, Options callOptions) {
    Invocation invocation = invocation(steps, InvocationRunner.newId(), Join.DETACHED, callOptions);
    long deadline = System.nanoTime() + callOptions.timeout().toNanos();
    Submission accepted = runner.submit(invocation, deadline);
    return accepted.result().tasks().stream().map(TaskRef::key).toList();
  }

  /**
   * Cancels {@code key} and, cascading, all its descendants.
   *
   * @return {@code Cancelling} (with the keys being cancelled), {@code AlreadyFinished} or {@code
   *     NotFound}
   */
  public CancelResult kill(TaskKey key) {
    return client.cancel(key);
  }

  /** Waits, up to the default timeout, for {@code key}'s final outcome. */
  public StepResult await(TaskKey key) {
    return await(key, options.timeout());
  }

  /**
   * Waits up to {@code timeout} for {@code key}'s final outcome, through coordinator restarts.
   *
   * @throws WaitTimeoutException when it has not finished by then (it goes on running)
   * @throws io.switchboard.client.SwitchboardApiException 404 when the task is unknown
   */
  public StepResult await(TaskKey key, Duration timeout) {
    return waiter.await(key, timeout);
  }

  /** Every task {@code query} matches, following the pages ({@code limit} is the page size). */
  public List<TaskSnapshot> list(TaskQuery query) {
    List<TaskSnapshot> tasks = new ArrayList<>();
    TaskQuery page = query;
    while (true) {
      TaskPage answer = client.tasks(page);
      tasks.addAll(answer.tasks());
      if (answer.next() == null) {
        return tasks;
      }
      page = page.withCursor(answer.next());
    }
  }

  /** The children of {@code task}: the tasks submitted with it as parent. */
  public List<TaskSnapshot> children(TaskKey task) {
    return list(TaskQuery.all().withParent(task));
  }

  /**
   * The children of this SDK's parent (inside an agent: the tasks this agent spawned).
   *
   * @throws IllegalStateException at top level
   */
  public List<TaskSnapshot> children() {
    if (parent == null) {
      throw new IllegalStateException("a top-level SDK has no task of its own: use children(key)");
    }
    return children(parent);
  }

  /** Closes the client when this SDK created it ({@link #connect}, {@link #fromEnvironment}). */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private RunResult run(List<Step> steps, String workflowId, Join join, Options callOptions) {
    Invocation invocation = invocation(steps,
        workflowId == null ? InvocationRunner.newId() : workflowId, join, callOptions);
    InvocationResult result = runner.run(invocation, callOptions.timeout());
    return RunResult.of(result);
  }

  private Invocation invocation(List<Step> steps, String id, Join join, Options callOptions) {
    Objects.requireNonNull(callOptions, "options");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("at least one step is needed");
    }
    List<Target> targets = steps.stream().map(Step::target).toList();
    return new Invocation(id, join, targets, callOptions.context(), callOptions.executor(),
        callOptions.tools(), parent == null ? null : parent.toString(), callOptions.maxParallel(),
        callOptions.failFast() ? Boolean.TRUE : null);
  }
}
