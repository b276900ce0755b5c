package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.common.model.InvocationProgress;
import io.switchboard.common.model.InvocationResult;
import io.switchboard.common.model.Join;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.model.TaskRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  private static InvocationResult at(int done, int failed) {
    List<TaskRef> tasks =
        IntStream.range(0, 10).mapToObj(i -> TaskRef.of(TaskKey.of("inv", "" + i))).toList();
    return InvocationResult.running("inv", Join.ALL, tasks)
        .withProgress(new InvocationProgress(10, done, failed, 0, 1));
  }

  @Test
  void shouldRenderTheBar() {
    assertThat(ProgressReporter.render(at(5, 1))).isEqualTo("[#####-----] 5/10 done (1 failed)");
    assertThat(ProgressReporter.render(at(0, 0))).isEqualTo("[----------] 0/10 done");
  }

  @Test
  void shouldRedrawInPlaceAtATerminal() {
    StringWriter err = new StringWriter();
    ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), true, () -> 0L);

    reporter.progress(at(1, 0));
    reporter.progress(at(10, 2));
    reporter.finish();

    assertThat(err.toString())
        .isEqualTo("\r[#---------] 1/10 done\r[##########] 10/10 done (2 failed)\n");
  }

  @Test
  void shouldWriteALineAtMostEveryTwoSecondsWhenNotATerminal() {
    StringWriter err = new StringWriter();
    long[] now = {0};
    ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false, () -> now[0]);

    reporter.progress(at(1, 0)); // at 0 s: too soon
    now[0] = 2_000_000_000L;
    reporter.progress(at(2, 0)); // at 2 s: a line
    now[0] = 3_000_000_000L;
    reporter.progress(at(3, 0)); // at 3 s: too soon
    reporter.reconnecting(new CoordinatorUnreachableException("down", null, 0, false));
    reporter.reconnected();
    reporter.progress(at(10, 0));
    reporter.finish(); // the final count

    assertThat(err.toString().lines())
        .containsExactly(
            "[##--------] 2/10 done",
            "coordinator unreachable, reconnecting...",
            "coordinator reachable again, re-attached",
            "[##########] 10/10 done");
  }
}
