package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.FreePorts;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator process SIGKILLed while it runs a join, as an operator would see it: the join finishes
 * after a restart with every task run exactly once (the agents' own ledger says so), a rerun replays it,
 * a lost state directory is rebuilt from the topics, and a waiting {@code switchboard run} re-attaches.
 *
 * <p>The steps build on each other (one coordinator history), so they run in order.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class CoordinatorCrashTest {

  private static final int TASKS = 300;
  private static final String WORKFLOW = "crash-join";

  private Path dir;
  private Path ledger;
  private Path stateDir;
  private String[] common;
  private int port;
  private Api api;
  private Launched coordinator;
  private int coordinatorStarts;
  private final List<Launched> processes = new ArrayList<>();

  /** The outcomes of the join as first finished, for the steps after it. */
  private JsonNode finished;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    dir = tempDir;
    ledger = dir.resolve("ledger");
    Files.createFile(ledger);
    stateDir = dir.resolve("state");
    Topics topics = kafka.freshTopics();
    common = new String[] {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    port = FreePorts.pick("127.0.0.1");
    startCoordinator();

    LedgerAgent.register(api, dir, ledger, "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT", "0.08");
    api.putAgent("{\"name\":\"slow\",\"kind\":\"echo\",\"delayMs\":2500}");
    Launched a = launch("worker-a", "worker", "--worker-id", "worker-a", "--concurrency", "8");
    Launched b = launch("worker-b", "worker", "--worker-id", "worker-b", "--concurrency", "8");
    a.awaitFirstLine();
    b.awaitFirstLine();
  }

  @AfterAll
  void stop() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  @Order(1)
  void shouldFinishAJoinInterruptedByASigkillWithEveryTaskRunExactlyOnce() throws Exception {
    HttpResponse<String> accepted = api.send("POST", "/v1/invocations?waitMs=0", joinBody(Map.of()));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    long submitted = System.nanoTime();
    awaitLedgerLines(50, Duration.ofSeconds(60));
    System.out.println("50 tasks started " + millisSince(submitted) + " ms after the submit");
    int linesAtKill = ledgerLines().size();
    coordinator.kill();
    System.out.println("coordinator SIGKILLed with " + linesAtKill + "/" + TASKS + " tasks started");

    long restarted = System.nanoTime();
    Launched next = launchCoordinator();
    api.awaitStatus("GET", "/healthz", null, 200, Duration.ofSeconds(120));
    long httpMs = millisSince(restarted);
    api.awaitStatus("GET", "/readyz", null, 200, Duration.ofSeconds(120));
    long readyMs = millisSince(restarted);
    assertThat(next.awaitFirstLine()).isEqualTo("switchboard coordinator: http://127.0.0.1:" + port);
    finished = api.awaitStatus("GET", "/v1/invocations/" + WORKFLOW + "?waitMs=30000", null, 200,
        Duration.ofSeconds(120));
    long joinMs = millisSince(restarted);
    System.out.printf("coordinator restart: HTTP up %d ms, /readyz 200 after %d ms, join complete %d ms after the "
        + "restart (%d tasks started before the kill); %s%n", httpMs, readyMs, joinMs, linesAtKill,
        recoveryLine(next));

    assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("succeeded");
    assertThat(outputs(finished)).containsExactlyElementsOf(keys());
    Thread.sleep(1000); // a task run twice would show up here
    assertExactlyOnce(ledgerLines(), keys());
  }

  @Test
  @Order(2)
  void shouldReplayTheFinishedWorkflowAndRefuseAChangedStep() throws Exception {
    List<String> before = ledgerLines();
    JsonNode replay = api.call("POST", "/v1/invocations?waitMs=30000", joinBody(Map.of()), 200);
    assertThat(replay.path("status").asText()).isEqualTo("succeeded");
    assertThat(outputs(replay)).containsExactlyElementsOf(keys());
    assertThat(replay.path("outcomes")).hasSize(TASKS)
        .allSatisfy(o -> assertThat(o.path("replayed").asBoolean()).as(o.toString()).isTrue());
    Thread.sleep(2000);
    assertThat(ledgerLines()).as("a replay runs nothing").isEqualTo(before);

    JsonNode conflict = api.call("POST", "/v1/invocations?waitMs=0", joinBody(Map.of(117, "changed")), 409);
    assertThat(conflict.path("error").path("code").asText()).isEqualTo("conflict");
    assertThat(conflict.path("error").path("taskId").asText()).isEqualTo("117");
    assertThat(ledgerLines()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void shouldRebuildFromTheTopicsWhenTheStateDirectoryIsGone() throws Exception {
    List<String> before = ledgerLines();
    coordinator.kill();
    deleteRecursively(stateDir);
    long restarted = System.nanoTime();
    startCoordinator();
    JsonNode ready = api.awaitStatus("GET", "/readyz", null, 200, Duration.ofSeconds(60));
    System.out.printf("coordinator restart without its state directory: /readyz 200 after %d ms; %s%n",
        millisSince(restarted), recoveryLine(coordinator));
    assertThat(ready.path("state").asText()).isEqualTo("running");

    JsonNode rebuilt = api.call("GET", "/v1/invocations/" + WORKFLOW + "?waitMs=0", null, 200);
    assertThat(rebuilt.path("status").asText()).isEqualTo("succeeded");
    assertThat(rebuilt.path("outcomes")).hasSize(TASKS);
    for (int i = 0; i < TASKS; i++) {
      JsonNode was = finished.path("outcomes").get(i);
      JsonNode is = rebuilt.path("outcomes").get(i);
      for (String field : List.of("taskId", "key", "success", "output", "attempts")) {
        assertThat(is.path(field)).as("outcome %d %s", i, field).isEqualTo(was.path(field));
      }
    }
    Thread.sleep(1000);
    assertThat(ledgerLines()).as("a rebuild runs nothing").isEqualTo(before);
  }

  @Test
  @Order(4)
  void shouldLetTheCliReattachWhileTheCoordinatorRestarts() throws Exception {
    Launched cli = Launched.start(dir.resolve("logs"), "cli-run", "run", "--agent", "slow", "--prompt", "first",
        "--prompt", "second", "--prompt", "third", "--url", "http://127.0.0.1:" + port);
    processes.add(cli);
    awaitRunning("slow", Duration.ofSeconds(30));
    Thread.sleep(300);
    coordinator.kill();
    long restarted = System.nanoTime();
    startCoordinator();
    int exit = cli.awaitExit(Duration.ofSeconds(90));
    System.out.printf("cli exited %d ms after the coordinator restart began%n", millisSince(restarted));
    assertThat(exit).as("cli exit code; stdout %s; log %s", cli.lines(), Files.readString(cli.log())).isZero();
    List<String> lines = cli.lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("succeeded").contains("first");
    assertThat(lines.get(1)).contains("succeeded").contains("second");
    assertThat(lines.get(2)).contains("succeeded").contains("third");
  }

  @Test
  @Order(5)
  void shouldRunAJoinKilledRightAfterItsAcceptanceExactlyOnce() throws Exception {
    String targets = IntStream.range(0, 40).mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"e" + i + "\"}")
        .collect(Collectors.joining(","));
    HttpResponse<String> accepted = api.send("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"crash-early\",\"maxParallel\":10,\"targets\":[" + targets + "]}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    coordinator.kill(); // accepted means journaled: the join must survive whatever was dispatched so far
    int startedAtKill = (int) ledgerLines().stream().filter(l -> l.startsWith("crash-early/")).count();
    long restarted = System.nanoTime();
    startCoordinator();
    JsonNode result = api.awaitStatus("GET", "/v1/invocations/crash-early?waitMs=30000", null, 200,
        Duration.ofSeconds(120));
    System.out.printf("join killed right after its 202 (%d tasks started by then): complete %d ms after the "
        + "restart%n", startedAtKill, millisSince(restarted));
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    List<String> early = IntStream.range(0, 40).mapToObj(i -> "crash-early/" + i).toList();
    assertThat(outputs(result)).containsExactlyElementsOf(early);
    Thread.sleep(1000);
    assertExactlyOnce(ledgerLines(), early);
  }

  // ---- helpers ----

  private void startCoordinator() throws Exception {
    String url = launchCoordinator().awaitFirstLine().replace("switchboard coordinator: ", "").strip();
    assertThat(url).isEqualTo("http://127.0.0.1:" + port);
  }

  /** Starts a coordinator on the fixed port and state directory, without waiting for it. */
  private Launched launchCoordinator() throws Exception {
    coordinatorStarts++;
    coordinator = launch("coordinator-" + coordinatorStarts, "coordinator", "--port", Integer.toString(port),
        "--state-dir", stateDir.toString());
    api = Api.at("http://127.0.0.1:" + port);
    return coordinator;
  }

  /** What the coordinator logged about its recovery. */
  private static String recoveryLine(Launched coordinator) throws Exception {
    return Files.readAllLines(coordinator.log()).stream().filter(l -> l.contains("recovery: ")).findFirst()
        .map(l -> l.substring(l.indexOf("recovery: "))).orElse("no recovery line logged");
  }

  private Launched launch(String name, String command, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  /** The join of {@link #TASKS} ledger tasks; {@code changed} replaces some prompts. */
  private static String joinBody(Map<Integer, String> changed) {
    String targets = IntStream.range(0, TASKS)
        .mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"" + changed.getOrDefault(i, "p" + i) + "\"}")
        .collect(Collectors.joining(","));
    return "{\"workflowId\":\"" + WORKFLOW + "\",\"join\":\"all\",\"maxParallel\":40,\"targets\":[" + targets + "]}";
  }

  private static List<String> keys() {
    return IntStream.range(0, TASKS).mapToObj(i -> WORKFLOW + "/" + i).toList();
  }

  private void assertExactlyOnce(List<String> lines, List<String> keys) {
    String invocation = keys.get(0).substring(0, keys.get(0).indexOf('/') + 1);
    Map<String, Long> runs = lines.stream().map(l -> l.split(" ")[0]).filter(k -> k.startsWith(invocation))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    List<String> twice = runs.entrySet().stream().filter(e -> e.getValue() > 1)
        .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
    assertThat(twice).as("tasks the agents ran more than once").isEmpty();
    assertThat(runs.keySet()).as("tasks the agents ran").containsExactlyInAnyOrderElementsOf(keys);
  }

  private List<String> ledgerLines() throws Exception {
    return Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).toList();
  }

  private void awaitLedgerLines(int count, Duration within) throws Exception {
    long end = System.nanoTime() + within.toNanos();
    while (ledgerLines().size() < count) {
      assertThat(System.nanoTime()).as("ledger lines: %d", ledgerLines().size()).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** Waits until some task of {@code agent} is running, as the task list says. */
  private void awaitRunning(String agent, Duration within) throws Exception {
    long end = System.nanoTime() + within.toNanos();
    while (true) {
      JsonNode page = api.call("GET", "/v1/tasks?agent=" + agent + "&status=running&limit=10", null, 200);
      if (!page.path("tasks").isEmpty()) {
        return;
      }
      assertThat(System.nanoTime()).as("a running %s task", agent).isLessThan(end);
      Thread.sleep(50);
    }
  }

  private static List<String> outputs(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.path("outcomes").forEach(o -> out.add(o.path("output").asText().strip()));
    return out;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void deleteRecursively(Path path) throws Exception {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertThat(path).doesNotExist();
  }
}
