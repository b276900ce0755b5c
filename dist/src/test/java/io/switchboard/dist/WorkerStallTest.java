package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process frozen (SIGSTOP) while it runs tasks, its connections open: only the expiry of the
 * 6 s share-group lock gives its tasks back. Every task succeeds on the other worker; by
 * docs/guarantees.md only the frozen worker's in-flight tasks may run twice, also after it is thawed
 * (SIGCONT) and finds its locks lost; and the thawed worker goes on serving.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class WorkerStallTest {

  @Test
  void shouldRunAFrozenWorkersTasksElsewhereOnceTheirLockLapses(TestKafka kafka, @TempDir Path dir) throws Exception {
    // a 6 s lock: long enough that a healthy worker keeps its locks on a loaded 2-core machine
    LedgerWorkers cluster = LedgerWorkers.start(kafka, dir, 6000);
    try {
      String workflow = "worker-frozen";
      cluster.submit(workflow);

      cluster.awaitVictimOnItsSecondRound();
      cluster.victim.freeze(); // its connections stay open: only the locks' expiry gives its tasks back
      long frozen = System.nanoTime();
      cluster.lostAtEpoch = System.currentTimeMillis();
      JsonNode result;
      long joinMs;
      try {
        System.out.println("worker-a SIGSTOPped after starting " + cluster.runsBy(cluster.victim.pid()).size()
            + " tasks");
        result = cluster.awaitJoin(workflow);
        joinMs = LedgerWorkers.millisSince(frozen);
      } finally {
        cluster.victim.resume();
        cluster.thawedAtEpoch = System.currentTimeMillis();
      }
      // the thawed worker finds its locks lost and its results late: nothing changes, nothing runs again
      Thread.sleep(3000);
      List<String> again = cluster.assertOnlyInFlightTasksRanTwice(workflow, result);
      cluster.printRedelivery("worker SIGSTOP", again, joinMs);
      JsonNode later = cluster.api.call("GET", "/v1/invocations/" + workflow + "?waitMs=0", null, 200);
      assertThat(later.path("outcomes")).isEqualTo(result.path("outcomes"));

      // and the pool, thawed worker included, goes on serving
      String targets = IntStream.range(0, 8).mapToObj(i -> "{\"agent\":\"ledger\",\"prompt\":\"n" + i + "\"}")
          .collect(Collectors.joining(","));
      JsonNode next = cluster.api.submit("{\"workflowId\":\"after-thaw\",\"targets\":[" + targets + "]}");
      assertThat(next.path("status").asText()).as(next.toString()).isEqualTo("succeeded");
    } finally {
      cluster.close(getClass().getSimpleName());
    }
  }
}
