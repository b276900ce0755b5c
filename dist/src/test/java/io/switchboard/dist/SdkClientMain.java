package io.switchboard.dist;

import io.switchboard.client.sdk.Options;
import io.switchboard.client.sdk.Step;
import io.switchboard.client.sdk.StepResult;
import io.switchboard.client.sdk.Switchboard;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A client process using the SDK, for the client-crash test: {@code URL WORKFLOW_ID STEPS MAX_PARALLEL} runs
 * {@code STEPS} ledger steps with {@code parallelResumable} and prints one line per result.
 */
public final class SdkClientMain {

  private SdkClientMain() {}

  public static void main(String[] args) {
    System.out.println("started"); // the first line: the process is up
    try (Switchboard sb = Switchboard.connect(args[0])) {
      List<StepResult> results = sb.parallelResumable(steps(Integer.parseInt(args[2])), args[1],
          Options.defaults().withMaxParallel(Integer.parseInt(args[3])));
      results.forEach(r -> System.out.println(r.key() + " " + r.status() + " " + r.output().strip()));
    }
  }

  /** The steps both this process and the test submit: the same specs, so the second call attaches. */
  static List<Step> steps(int count) {
    return IntStream.range(0, count).mapToObj(i -> Step.of("ledger", "r" + i).withTaskId("r" + i)).toList();
  }
}
