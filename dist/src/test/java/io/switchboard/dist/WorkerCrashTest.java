package io.switchboard.dist;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process SIGKILLed while it runs tasks: the tasks it held come back to the other worker (at
 * once when the broker sees its connection drop, at the latest when their 6 s share-group lock lapses),
 * every task succeeds, and only the killed worker's in-flight tasks run twice. {@link WorkerStallTest}
 * freezes the worker instead.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class WorkerCrashTest {

  @Test
  void shouldRunTheKilledWorkersTasksAgainElsewhereAndOnlyThose(TestKafka kafka, @TempDir Path dir) throws Exception {
    LedgerWorkers cluster = LedgerWorkers.start(kafka, dir);
    try {
      String workflow = "worker-crash";
      cluster.submit(workflow);

      cluster.awaitVictimOnItsSecondRound();
      cluster.victim.kill();
      long killed = System.nanoTime();
      cluster.lostAtEpoch = System.currentTimeMillis();
      System.out.println("worker-a SIGKILLed after starting " + cluster.runsBy(cluster.victim.pid()).size()
          + " tasks");

      JsonNode result = cluster.awaitJoin(workflow);
      long joinMs = LedgerWorkers.millisSince(killed);
      Thread.sleep(1500); // a late extra run would show here
      List<String> again = cluster.assertOnlyInFlightTasksRanTwice(workflow, result);
      cluster.printRedelivery("worker SIGKILL", again, joinMs);
    } finally {
      cluster.close(getClass().getSimpleName());
    }
  }
}
