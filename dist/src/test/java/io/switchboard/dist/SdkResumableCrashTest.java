package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.sdk.Options;
import io.switchboard.client.sdk.Step;
import io.switchboard.client.sdk.StepResult;
import io.switchboard.client.sdk.Switchboard;
import io.switchboard.common.topic.Topics;
import io.switchboard.devkit.FreePorts;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parallelResumable} through crashes, as separate processes: the coordinator SIGKILLed while the call
 * waits (the same call finishes once a new coordinator is up), and the client SIGKILLed mid-run (calling again
 * with the same workflowId attaches to the run; finished steps are replayed). The agents' own ledger shows every
 * step ran exactly once.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class SdkResumableCrashTest {

  private final List<Launched> processes = new ArrayList<>();
  private Path dir;
  private Path ledger;
  private String[] common;
  private int port;
  private int coordinatorStarts;
  private Launched coordinator;
  private Switchboard sb;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    dir = tempDir;
    ledger = Files.createFile(dir.resolve("ledger"));
    Topics topics = kafka.freshTopics();
    common = new String[] {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    port = FreePorts.pick("127.0.0.1");
    startCoordinator();
    LedgerAgent.register(Api.at(url()), dir, ledger, "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT", "0.3");
    launch("worker-a", "worker", "--worker-id", "worker-a", "--concurrency", "4").awaitFirstLine();
    sb = Switchboard.connect(url());
  }

  @AfterAll
  void stop() throws Exception {
    if (sb != null) {
      sb.close();
    }
    for (Launched p : processes.reversed()) {
      p.close();
    }
    Files.copy(ledger, dir.resolve("logs").resolve("ledger"), StandardCopyOption.REPLACE_EXISTING);
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  void shouldFinishTheSameCallAfterTheCoordinatorIsSigkilledAndRestarted() throws Exception {
    String workflow = "sdk-coordinator-crash";
    List<Step> steps = IntStream.range(0, 24).mapToObj(i -> Step.of("ledger", "c" + i)).toList();
    CompletableFuture<List<StepResult>> call = CompletableFuture.supplyAsync(
        () -> sb.parallelResumable(steps, workflow, Options.defaults().withMaxParallel(4)),
        Executors.newVirtualThreadPerTaskExecutor());

    awaitRuns(workflow, 6);
    coordinator.kill();
    int startedAtKill = runsOf(workflow).size();
    assertThat(call).as("the call waits through the outage").isNotDone();
    long restarted = System.nanoTime();
    startCoordinator();

    List<StepResult> results = call.get(180, TimeUnit.SECONDS);
    System.out.printf("parallelResumable: coordinator SIGKILLed with %d/24 steps started; the call returned %d ms"
        + " after the restart began%n", startedAtKill, (System.nanoTime() - restarted) / 1_000_000);
    List<String> keys = IntStream.range(0, 24).mapToObj(i -> workflow + "/" + i).toList();
    assertThat(results).allMatch(StepResult::success);
    assertThat(results).extracting(r -> r.output().strip()).containsExactlyElementsOf(keys);
    Thread.sleep(1000); // a step run twice would show up here
    assertExactlyOnce(workflow, keys);
  }

  @Test
  void shouldReplayFinishedStepsWhenASigkilledClientCallsAgainWithTheSameWorkflowId() throws Exception {
    String workflow = "sdk-client-crash";
    int count = 20;
    Launched client = Launched.startMain(dir.resolve("logs"), "sdk-client", SdkClientMain.class, url(), workflow,
        Integer.toString(count), "2");
    processes.add(client);
    assertThat(client.awaitFirstLine()).isEqualTo("started");
    awaitRuns(workflow, 4);
    client.kill();
    int startedAtKill = runsOf(workflow).size();

    List<StepResult> results = sb.parallelResumable(SdkClientMain.steps(count), workflow,
        Options.defaults().withMaxParallel(2));

    System.out.printf("parallelResumable: client SIGKILLed with %d/%d steps started; called again%n",
        startedAtKill, count);
    assertThat(startedAtKill).as("the second call attached to a run still going").isLessThan(count);
    List<String> keys = IntStream.range(0, count).mapToObj(i -> workflow + "/r" + i).toList();
    assertThat(results).extracting(r -> r.key().toString()).containsExactlyElementsOf(keys);
    assertThat(results).extracting(r -> r.output().strip()).containsExactlyElementsOf(keys);
    Thread.sleep(1000);
    assertExactlyOnce(workflow, keys);

    List<String> ledgerBefore = Files.readAllLines(ledger);
    List<StepResult> again = sb.parallelResumable(SdkClientMain.steps(count), workflow,
        Options.defaults().withMaxParallel(2));
    assertThat(again).extracting(r -> r.output().strip()).containsExactlyElementsOf(keys);
    assertThat(again).as("every finished step comes from the journal").allMatch(StepResult::replayed);
    Thread.sleep(1000);
    assertThat(Files.readAllLines(ledger)).as("a replay runs nothing").isEqualTo(ledgerBefore);
  }

  // ---- helpers ----

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  private void startCoordinator() throws Exception {
    coordinatorStarts++;
    coordinator = launch("coordinator-" + coordinatorStarts, "coordinator", "--port", Integer.toString(port),
        "--state-dir", dir.resolve("state").toString());
    assertThat(coordinator.awaitFirstLine()).isEqualTo("switchboard coordinator: " + url());
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

  /** The ledger's keys of {@code workflow}, one per run. */
  private List<String> runsOf(String workflow) throws Exception {
    return Files.readAllLines(ledger).stream().filter(l -> l.startsWith(workflow + "/")).map(l -> l.split(" ")[0])
        .toList();
  }

  private void awaitRuns(String workflow, int count) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (runsOf(workflow).size() < count) {
      assertThat(System.nanoTime()).as("runs of %s: %s", workflow, runsOf(workflow)).isLessThan(end);
      Thread.sleep(20);
    }
  }

  private void assertExactlyOnce(String workflow, List<String> keys) throws Exception {
    Map<String, Long> runs = runsOf(workflow).stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(runs.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("steps the agents ran more than once").isEmpty();
    assertThat(runs.keySet()).as("steps the agents ran").containsExactlyInAnyOrderElementsOf(keys);
  }
}
