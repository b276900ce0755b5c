package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.topic.Topics;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * For the worker-loss tests: a coordinator with a 3 s share-group lock and two worker processes of
 * concurrency 4 (worker-a, the one a test loses, and worker-b) running a {@code command} agent that
 * appends one line per run to a ledger (key, attempt, the worker's pid, epoch ms) and works for 1 s.
 */
final class LedgerWorkers implements AutoCloseable {

  static final int TASKS = 40;
  static final int CONCURRENCY = 4;

  private final List<Launched> processes = new ArrayList<>();
  private final Path dir;
  private final Path ledger;
  Api api;
  Launched victim;
  Launched survivor;
  /** When worker-a was lost (epoch ms); set by the test. */
  long lostAtEpoch;
  /** When worker-a was thawed (epoch ms), if it was. */
  long thawedAtEpoch = Long.MAX_VALUE;

  private LedgerWorkers(Path dir) throws Exception {
    this.dir = dir;
    this.ledger = dir.resolve("ledger");
    Files.createFile(ledger);
  }

  /** Stops every process and keeps the logs and the ledger under {@code target/process-logs/<name>}. */
  void close(String name) throws Exception {
    close();
    Files.createDirectories(dir.resolve("logs"));
    Files.copy(ledger, dir.resolve("logs").resolve("ledger"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Launched.keepLogs(dir.resolve("logs"), name);
  }

  @Override
  public void close() throws Exception {
    for (Launched p : processes.reversed()) {
      p.close();
    }
  }

  /** Starts the coordinator (6 s share-group lock) and both workers under a fresh topic prefix. */
  static LedgerWorkers start(TestKafka kafka, Path dir) throws Exception {
    return start(kafka, dir, 6000);
  }

  /** The same with a share-group lock of {@code lockMs}. */
  static LedgerWorkers start(TestKafka kafka, Path dir, int lockMs) throws Exception {
    LedgerWorkers cluster = new LedgerWorkers(dir);
    try {
      cluster.startAll(kafka, lockMs);
    } catch (Exception | Error e) {
      cluster.close("LedgerWorkers-failed-start");
      throw e;
    }
    return cluster;
  }

  private void startAll(TestKafka kafka, int lockMs) throws Exception {
    Topics topics = kafka.freshTopics();
    String[] common = {"--bootstrap", kafka.bootstrap(), "--topic-prefix", topics.prefix()};
    Launched coordinator = launch("coordinator", common, "coordinator", "--port", "0", "--state-dir",
        dir.resolve("state").toString(), "--lock-ms", Integer.toString(lockMs));
    api = Api.at(coordinator.awaitFirstLine().replace("switchboard coordinator: ", "").strip());

    // one line per run: key, attempt, the worker process that started it (the agent's parent), epoch ms
    LedgerAgent.register(api, dir, ledger, "$SWITCHBOARD_TASK_KEY $SWITCHBOARD_ATTEMPT $PPID $(date +%s%3N)", "1");
    victim = launch("worker-a", common, "worker", "--worker-id", "worker-a", "--concurrency",
        Integer.toString(CONCURRENCY));
    survivor = launch("worker-b", common, "worker", "--worker-id", "worker-b", "--concurrency",
        Integer.toString(CONCURRENCY));
    victim.awaitFirstLine();
    survivor.awaitFirstLine();
  }

  void submit(String workflow) throws Exception {
    String targets = IntStream.range(0, TASKS).mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"w" + i + "\"}")
        .collect(Collectors.joining(","));
    HttpResponse<String> accepted = api.send("POST", "/v1/invocations?waitMs=0",
        "{\"workflowId\":\"" + workflow + "\",\"targets\":[" + targets + "]}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
  }

  /** Waits until worker-a started its second round of tasks, so it surely holds running ones (each runs 1 s). */
  void awaitVictimOnItsSecondRound() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runsBy(victim.pid()).size() < CONCURRENCY + 2) {
      assertThat(System.nanoTime()).as("worker-a ran %s", runsBy(victim.pid())).isLessThan(end);
      Thread.sleep(20);
    }
    Thread.sleep(200);
  }

  JsonNode awaitJoin(String workflow) throws Exception {
    JsonNode result = api.awaitStatus("GET", "/v1/invocations/" + workflow + "?waitMs=30000", null, 200,
        Duration.ofSeconds(120));
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("succeeded");
    List<String> outputs = new ArrayList<>();
    result.path("outcomes").forEach(o -> outputs.add(o.path("output").asText().strip()));
    assertThat(outputs).containsExactlyElementsOf(IntStream.range(0, TASKS).mapToObj(i -> workflow + "/" + i).toList());
    return result;
  }

  /** The keys run twice: at most worker-a's concurrency, each first by worker-a, then once by worker-b. */
  List<String> assertOnlyInFlightTasksRanTwice(String workflow, JsonNode result) throws Exception {
    Map<String, List<String[]>> byKey = ledgerRuns().stream().filter(r -> r[0].startsWith(workflow + "/"))
        .collect(Collectors.groupingBy(r -> r[0]));
    assertThat(byKey.keySet()).hasSize(TASKS);
    List<String> again = byKey.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .sorted().toList();
    System.out.println(workflow + ": tasks run twice: " + again);
    String runsOfAgain = again.stream().flatMap(k -> byKey.get(k).stream()).map(this::describe)
        .collect(Collectors.joining("\n  ", "\n  ", ""));
    assertThat(again).as("only the lost worker's in-flight tasks run again; their runs:%s", runsOfAgain)
        .hasSizeLessThanOrEqualTo(CONCURRENCY)
        .allSatisfy(key -> {
          List<String[]> runs = byKey.get(key);
          assertThat(runs).as("runs of %s", key).hasSize(2);
          assertThat(runs.get(0)[2]).as("first run of %s by worker-a", key).isEqualTo(Long.toString(victim.pid()));
          assertThat(runs.get(1)[2]).as("rerun of %s by worker-b", key).isEqualTo(Long.toString(survivor.pid()));
        });
    for (String key : again) {
      JsonNode task = api.call("GET", "/v1/tasks/" + key, null, 200);
      assertThat(task.path("status").asText()).isEqualTo("succeeded");
      // the first result journaled stands: worker-b's rerun, or worker-a's own when worker-a published it
      // before it was lost and only the acknowledgement of its record was lost with it
      if (task.path("worker").asText().equals("worker-a")) {
        assertThat(Instant.parse(task.path("finishedAt").asText()).toEpochMilli()).as(task.toString())
            .isLessThanOrEqualTo(lostAtEpoch);
      } else {
        assertThat(task.path("worker").asText()).as(task.toString()).isEqualTo("worker-b");
      }
    }
    return again;
  }

  /** Prints when the tasks run again started and finished, from the moment the worker was lost. */
  void printRedelivery(String what, List<String> again, long joinMs) throws Exception {
    Map<String, List<String[]>> byKey = ledgerRuns().stream().collect(Collectors.groupingBy(r -> r[0]));
    long firstRerun = Long.MAX_VALUE;
    long lastFinished = 0;
    for (String key : again) {
      firstRerun = Math.min(firstRerun, Long.parseLong(byKey.get(key).get(1)[3]));
      JsonNode task = api.call("GET", "/v1/tasks/" + key, null, 200);
      lastFinished = Math.max(lastFinished, Instant.parse(task.path("finishedAt").asText()).toEpochMilli());
    }
    System.out.printf("%s: %d tasks redelivered; first rerun started %d ms and the last finished %d ms after the "
        + "worker was lost; join complete %d ms after%n", what, again.size(),
        again.isEmpty() ? 0 : firstRerun - lostAtEpoch, again.isEmpty() ? 0 : lastFinished - lostAtEpoch, joinMs);
  }

  /** A ledger line with the worker's name and the time relative to when worker-a was lost. */
  private String describe(String[] run) {
    String worker = run[2].equals(Long.toString(victim.pid())) ? "worker-a"
        : run[2].equals(Long.toString(survivor.pid())) ? "worker-b" : "pid " + run[2];
    return run[0] + " attempt " + run[1] + " by " + worker + " at "
        + (lostAtEpoch == 0 ? run[3] : (Long.parseLong(run[3]) - lostAtEpoch) + " ms after worker-a was lost"
            + (Long.parseLong(run[3]) >= thawedAtEpoch ? " (after its thaw)" : ""));
  }

  private List<String[]> ledgerRuns() throws Exception {
    return Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
  }

  Set<String> runsBy(long pid) throws Exception {
    Set<String> keys = new HashSet<>();
    for (String[] run : ledgerRuns()) {
      if (run.length == 4 && run[2].equals(Long.toString(pid))) {
        keys.add(run[0]);
      }
    }
    return keys;
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private Launched launch(String name, String[] common, String command, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(common));
    all.addAll(List.of(args));
    Launched process = Launched.start(dir.resolve("logs"), name, all.toArray(String[]::new));
    processes.add(process);
    return process;
  }
}
