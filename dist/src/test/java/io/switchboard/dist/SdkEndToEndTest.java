package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.CancelResult;
import io.switchboard.client.TaskQuery;
import io.switchboard.client.sdk.ItemResult;
import io.switchboard.client.sdk.Options;
import io.switchboard.client.sdk.Stage;
import io.switchboard.client.sdk.Step;
import io.switchboard.client.sdk.StepResult;
import io.switchboard.client.sdk.Switchboard;
import io.switchboard.common.error.ErrorCode;
import io.switchboard.common.json.Json;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskSnapshot;
import io.switchboard.common.model.TaskStatus;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java SDK against a coordinator process and a worker process on a real broker. The {@code timed} agent
 * writes when each step started and ended, as the agent itself saw it, to a ledger: the assertions about
 * order, concurrency and barriers are read from there, never from the test's own clock.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class SdkEndToEndTest {

  private final List<Launched> processes = new ArrayList<>();
  private Path dir;
  private Path ledger;
  private Path pids;
  private Switchboard sb;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path tempDir) throws Exception {
    dir = tempDir;
    ledger = Files.createFile(dir.resolve("ledger"));
    pids = Files.createDirectories(dir.resolve("pids"));
    Topics topics = kafka.freshTopics();
    String[] common = {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    String url = launch("coordinator", common, "--port", "0", "--state-dir", dir.resolve("state").toString())
        .awaitFirstLine().replace("switchboard coordinator: ", "").strip();
    Api api = Api.at(url);
    // prompt "timed:<label>:<seconds>:" → ledger lines "start|end <key> <label> <epoch ns>"; labels boom* exit 3
    Path timed = script("timed.sh", """
        #!/bin/sh
        spec=$(cat | grep -o 'timed:[^:"]*:[0-9.]*:' | head -n 1)
        label=$(echo "$spec" | cut -d: -f2)
        secs=$(echo "$spec" | cut -d: -f3)
        echo "start $SWITCHBOARD_TASK_KEY $label $(date +%s%N)" >> "$LEDGER"
        sleep "$secs"
        echo "end $SWITCHBOARD_TASK_KEY $label $(date +%s%N)" >> "$LEDGER"
        case "$label" in boom*) echo "failing on purpose" >&2; exit 3 ;; esac
        echo "$label"
        """);
    Path hang = script("hang.sh", """
        #!/bin/sh
        cat > /dev/null
        sleep 300 &
        echo "$$ $!" > "$PID_DIR/$(echo "$SWITCHBOARD_TASK_KEY" | tr / _)"
        wait
        """);
    api.putAgent("{\"name\":\"echo\",\"kind\":\"echo\"}");
    api.putAgent("{\"name\":\"timed\",\"kind\":\"command\",\"command\":[\"" + timed + "\"],\"env\":{\"LEDGER\":\""
        + ledger + "\"}}");
    // the pipeline's slow step runs on a runner of its own: a worker lane that holds a long task may, rarely,
    // have taken a record it cannot run until that task ends (design.md, "The worker's lanes"), and the
    // pipeline test is about the SDK not waiting, not about that
    api.putAgent("{\"name\":\"timed-slow\",\"kind\":\"command\",\"runner\":\"slow\",\"command\":[\"" + timed
        + "\"],\"env\":{\"LEDGER\":\"" + ledger + "\"}}");
    api.putAgent("{\"name\":\"hang\",\"kind\":\"command\",\"command\":[\"" + hang + "\"],\"env\":{\"PID_DIR\":\""
        + pids + "\"}}");
    ObjectNode sdkAgent = Json.mapper().createObjectNode().put("name", "sdk-agent").put("kind", "command");
    Launched.javaCommand(SdkAgentMain.class).forEach(sdkAgent.putArray("command")::add);
    api.putAgent(Json.mapper().writeValueAsString(sdkAgent));
    launch("worker", common, "--worker-id", "sdk-worker", "--concurrency", "8", "--coordinator-url", url,
        "--grace-ms", "2000").awaitFirstLine();
    launch("worker-slow", common, "--worker-id", "sdk-slow-worker", "--runner", "slow", "--coordinator-url", url)
        .awaitFirstLine();
    sb = Switchboard.connect(url);
  }

  @AfterAll
  void stop() throws Exception {
    if (sb != null) {
      sb.close();
    }
    for (Launched p : processes.reversed()) {
      p.close();
    }
    try (var files = Files.list(pids)) {
      for (Path file : files.toList()) {
        for (String pid : Files.readString(file).strip().split(" ")) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    Files.copy(ledger, dir.resolve("logs").resolve("ledger"), StandardCopyOption.REPLACE_EXISTING);
    Launched.keepLogs(dir.resolve("logs"), getClass().getSimpleName());
  }

  @Test
  void shouldReturnParallelResultsInInputOrderWhenLaterStepsFinishFirst() throws Exception {
    List<Step> steps = IntStream.range(0, 6) // step i sleeps (6 - i) * 0.3 s: the later, the faster
        .mapToObj(i -> Step.of("timed", String.format(Locale.ROOT, "timed:order%d:%.1f:", i, 0.3 * (6 - i))))
        .toList();

    List<StepResult> results = sb.parallel(steps);

    assertThat(results).extracting(r -> r.output().strip())
        .containsExactly("order0", "order1", "order2", "order3", "order4", "order5");
    Map<String, long[]> runs = runs();
    assertThat(runs.get("order5")[1]).as("the last step ended before the first (agents' clocks)")
        .isLessThan(runs.get("order0")[1]);
  }

  @Test
  void shouldNeverRunMoreThanMaxParallelStepsAsTheAgentsSeeIt() throws Exception {
    List<Step> steps = IntStream.range(0, 6).mapToObj(i -> Step.of("timed", "timed:window" + i + ":0.5:")).toList();

    List<StepResult> results = sb.parallel(steps, Options.defaults().withMaxParallel(2));

    assertThat(results).allMatch(StepResult::success).hasSize(6);
    Map<String, long[]> runs = runs();
    List<long[]> window = IntStream.range(0, 6).mapToObj(i -> runs.get("window" + i)).toList();
    int most = 0;
    for (long[] a : window) {
      most = Math.max(most, (int) window.stream().filter(b -> b[0] <= a[0] && a[0] < b[1]).count());
    }
    System.out.println("maxParallel 2: at most " + most + " steps ran at once");
    assertThat(most).isBetween(1, 2);
  }

  @Test
  void shouldRunEachItemThroughThePipelineWithoutWaitingForTheOthers() throws Exception {
    List<Stage<String>> stages = List.of(
        ctx -> ctx.item().equals("slow") ? Step.of("timed-slow", "timed:slow@0:8:")
            : Step.of("timed", "timed:" + ctx.item() + "@0:0.1:"),
        ctx -> switch (ctx.item()) {
          case "stop" -> null;
          case "fail" -> Step.of("timed", "timed:boom@1:0.1:");
          default -> Step.of("timed", "timed:" + ctx.previousOutput().orElseThrow().strip().replace("@0", "@1")
              + ":0.1:");
        },
        ctx -> {
          if (ctx.item().equals("throw")) {
            throw new IllegalStateException("no third stage for " + ctx.item());
          }
          return Step.of("timed", "timed:" + ctx.item() + "@2:0.1:");
        });

    List<ItemResult<String>> results = sb.pipeline(List.of("slow", "fast", "stop", "throw", "fail"), stages);

    assertThat(results).extracting(ItemResult::item).containsExactly("slow", "fast", "stop", "throw", "fail");
    assertThat(results).extracting(ItemResult::status).containsExactly(ItemResult.Status.COMPLETED,
        ItemResult.Status.COMPLETED, ItemResult.Status.STOPPED, ItemResult.Status.ERROR, ItemResult.Status.FAILED);
    assertThat(results.get(0).output().orElseThrow().strip()).isEqualTo("slow@2");
    assertThat(results.get(1).steps()).extracting(r -> r.output().strip())
        .containsExactly("fast@0", "fast@1", "fast@2");
    assertThat(results.get(2).stage()).isEqualTo(1);
    assertThat(results.get(2).steps()).hasSize(1);
    assertThat(results.get(3).stage()).isEqualTo(2);
    assertThat(results.get(3).steps()).hasSize(2);
    assertThat(results.get(3).exception()).isInstanceOf(IllegalStateException.class)
        .hasMessage("no third stage for throw");
    assertThat(results.get(4).stage()).isEqualTo(1);
    assertThat(results.get(4).last().orElseThrow().errorCode()).contains(ErrorCode.AGENT_ERROR);

    Map<String, long[]> runs = runs();
    assertThat(runs.get("fast@2")[1]).as("the fast item finished its last stage while the slow one was in its first")
        .isLessThan(runs.get("slow@0")[1]);
    assertThat(runs.get("stop@0")[1]).as("and so did the others' first stages").isLessThan(runs.get("slow@0")[1]);
    assertThat(runs).doesNotContainKeys("stop@1", "throw@2");
  }

  /** The record a structured step maps to. */
  record Item(String name, int count) {}

  @Test
  void shouldMapStructuredOutputToARecord() {
    List<StepResult> results = sb.parallel(
        Step.of("echo", "{\"name\":\"widget\",\"count\":3}").returning(Item.class),
        Step.of("echo", "{\"name\":\"widget\"}").returning(Item.class));

    assertThat(results.get(0).structured(Item.class)).isEqualTo(new Item("widget", 3));
    assertThat(results.get(1).status()).isEqualTo(StepResult.Status.FAILED);
    assertThat(results.get(1).errorCode()).contains(ErrorCode.SCHEMA_MISMATCH);
  }

  @Test
  void shouldSpawnListAwaitAndKillATreeOfTasks() throws Exception {
    TaskKey parent = sb.spawn(Step.of("hang", "parent"));
    Switchboard underParent = Switchboard.over(sb.client(), parent);
    TaskKey child = underParent.spawn(Step.of("hang", "child"));
    TaskKey quick = underParent.spawn(Step.of("echo", "quick"));

    assertThat(sb.await(quick).output()).isEqualTo("quick");
    assertThat(sb.children(parent)).extracting(TaskSnapshot::key).containsExactlyInAnyOrder(child, quick);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sb.list(TaskQuery.all().withAgent("hang").withStatus(TaskStatus.RUNNING)).size() < 2) {
      assertThat(System.nanoTime()).as("both hang tasks running").isLessThan(end);
      Thread.sleep(50);
    }

    CancelResult killed = sb.kill(parent);

    assertThat(killed).isInstanceOf(CancelResult.Cancelling.class);
    assertThat(((CancelResult.Cancelling) killed).cancelled()).contains(parent, child).doesNotContain(quick);
    assertThat(sb.await(parent).status()).isEqualTo(StepResult.Status.CANCELLED);
    assertThat(sb.await(child).status()).isEqualTo(StepResult.Status.CANCELLED);
    assertThat(sb.kill(quick)).isInstanceOf(CancelResult.AlreadyFinished.class);
  }

  @Test
  void shouldLetAnAgentUseTheSdkToRunAChildOfItsOwnTask() throws Exception {
    StepResult agent = sb.invoke(Step.of("sdk-agent", "go"));

    assertThat(agent.success()).as("%s", agent).isTrue();
    String output = agent.output().strip();
    assertThat(output).contains("output=hello from " + agent.key()).endsWith("children=1");
    TaskKey child = TaskKey.parse(output.substring("child=".length(), output.indexOf(' ')));
    assertThat(sb.client().task(child).orElseThrow().parent()).isEqualTo(agent.key());
    assertThat(sb.children(agent.key())).extracting(TaskSnapshot::key).containsExactly(child);
  }

  // ---- helpers ----

  /** label → {start, end} in epoch ns, from the agents' ledger. */
  private Map<String, long[]> runs() throws Exception {
    Map<String, long[]> runs = new HashMap<>();
    for (String line : Files.readAllLines(ledger)) {
      String[] parts = line.strip().split(" ");
      if (parts.length == 4) {
        long[] run = runs.computeIfAbsent(parts[2], l -> new long[] {0, Long.MAX_VALUE});
        run[parts[0].equals("start") ? 0 : 1] = Long.parseLong(parts[3]);
      }
    }
    return runs;
  }

  private Path script(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private Launched launch(String name, String[] common, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(name.startsWith("worker") ? "worker" : name);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }
}
