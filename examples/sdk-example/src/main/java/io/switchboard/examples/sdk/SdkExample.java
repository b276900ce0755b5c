package io.switchboard.examples.sdk;

import io.switchboard.client.CancelResult;
import io.switchboard.client.TaskQuery;
import io.switchboard.client.sdk.ItemResult;
import io.switchboard.client.sdk.Options;
import io.switchboard.client.sdk.Stage;
import io.switchboard.client.sdk.Step;
import io.switchboard.client.sdk.StepResult;
import io.switchboard.client.sdk.Switchboard;
import io.switchboard.common.model.AgentKind;
import io.switchboard.common.model.AgentSpec;
import io.switchboard.common.model.TaskKey;
import java.time.Duration;
import java.util.List;

/**
 * A tour of the Java SDK against {@code bin/switchboard dev}: parallel, pipeline, parallelResumable,
 * spawn / kill / await / list, and structured output mapped to a record. It uses only {@code echo}
 * agents (the output is the prompt, after a delay), so it runs without any model or API key.
 */
public final class SdkExample {

  /** What the {@code judge} step answers, as JSON validated against the schema derived from it. */
  record Verdict(String topic, boolean interesting, int score) {}

  private SdkExample() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    try (Switchboard sb = Switchboard.connect(url)) {
      // echo agents with a delay: the output is the prompt
      sb.client().putAgent(AgentSpec.of("slow-echo", new AgentKind.Echo(1500)));
      sb.client().putAgent(AgentSpec.of("quick-echo", new AgentKind.Echo(100)));
      sb.client().putAgent(AgentSpec.of("sleepy-echo", new AgentKind.Echo(60_000)));

      parallel(sb);
      pipeline(sb);
      resumable(sb);
      tree(sb);
    }
  }

  /** Fan out: results in input order, whatever order they finish in. */
  private static void parallel(Switchboard sb) {
    List<StepResult> results = sb.parallel(
        List.of(Step.of("slow-echo", "first (slow)"), Step.of("quick-echo", "second (quick)"),
            Step.of("echo", "third (instant)")),
        Options.defaults().withMaxParallel(2));
    for (StepResult r : results) {
      System.out.printf("[parallel] %-10s %s %s%n", r.key(), r.status(), r.output());
    }
  }

  /** Each item through two stages on its own; the second maps a structured answer to a record. */
  private static void pipeline(Switchboard sb) {
    List<Stage<String>> stages = List.of(
        ctx -> Step.of(ctx.item().equals("kafka") ? "slow-echo" : "quick-echo",
            "notes on " + ctx.item()),
        ctx -> ctx.item().equals("cobol") ? null // stop this item here
            : Step.of("echo", "{\"topic\":\"" + ctx.item() + "\",\"interesting\":true,\"score\":"
                + ctx.previousOutput().orElse("").length() + "}").returning(Verdict.class));
    List<ItemResult<String>> results = sb.pipeline(List.of("kafka", "rust", "cobol"), stages);
    for (ItemResult<String> r : results) {
      String verdict =
          r.completed() ? r.last().orElseThrow().structured(Verdict.class).toString() : "-";
      System.out.printf(
          "[pipeline] %-6s %-9s stage %d  %s%n", r.item(), r.status(), r.stage(), verdict);
    }
  }

  /** Journaled under a workflowId: run the example twice, the second run replays the journal. */
  private static void resumable(Switchboard sb) {
    List<StepResult> results = sb.parallelResumable(
        List.of(Step.of("quick-echo", "audit deps").withTaskId("deps"),
            Step.of("quick-echo", "run tests").withTaskId("tests")),
        "sdk-example-nightly");
    for (StepResult r : results) {
      System.out.printf("[resumable] %-26s %s replayed=%s%n", r.key(), r.status(), r.replayed());
    }
  }

  /** spawn / list / kill / await over the task tree. */
  private static void tree(Switchboard sb) {
    TaskKey parent = sb.spawn(Step.of("sleepy-echo", "a parent that takes its time"));
    Switchboard asParent = Switchboard.over(sb.client(), parent);
    TaskKey child = asParent.spawn(Step.of("echo", "a child"));
    System.out.printf(
        "[tree] spawned %s and its child %s: %s%n", parent, child, sb.await(child).output());
    List<String> children = sb.list(TaskQuery.all().withParent(parent)).stream()
        .map(t -> t.key() + " " + t.status()).toList();
    System.out.printf("[tree] children of %s: %s%n", parent, children);
    CancelResult killed = sb.kill(parent);
    StepResult outcome = sb.await(parent, Duration.ofSeconds(30));
    System.out.printf("[tree] kill %s: %s; it ended %s%n", parent, killed.getClass().getSimpleName(),
        outcome.status());
  }
}
