package io.switchboard.coordinator.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a child sees of its parent's context under each scope, through the HTTP API a worker reads it from,
 * and what its envelope carries (a reference, never the entries).
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class ContextScopeTest {

  @Test
  void shouldShowAnIndependentChildOnlyItsOwnPrompt(TestKafka kafka, @TempDir Path dir) throws Exception {
    try (ContextHarness h = new ContextHarness(kafka, dir, c -> c)) {
      h.spawn("root", null, null, "p=plan the trip");
      h.append("root/p", "parent note");
      h.spawn("solo", "independent", "root/p", "c=book a hotel");

      TaskEnvelope envelope = h.worker.await("solo/c");
      assertThat(envelope.context()).isNull();
      assertThat(h.contents("solo/c")).containsExactly("book a hotel");
      JsonNode view = h.view("solo/c");
      assertThat(view.path("id").asText()).isEqualTo("solo/c");
      assertThat(view.path("scope").asText()).isEqualTo("independent");
      assertThat(h.contents("root/p")).containsExactly("plan the trip", "parent note");
    }
  }

  @Test
  void shouldGiveAnInheritedChildTheParentsContextAsAtSpawnAndNeverLaterAppends(TestKafka kafka,
      @TempDir Path dir) throws Exception {
    try (ContextHarness h = new ContextHarness(kafka, dir, c -> c)) {
      h.spawn("root", null, null, "p=plan the trip");
      assertThat(h.append("root/p", "before")).isEqualTo(2);
      h.spawn("kids", "inherited", "root/p", "a=child a");

      TaskEnvelope envelope = h.worker.await("kids/a");
      assertThat(envelope.context()).isEqualTo(Json.mapper().readTree(
          "{\"scope\":\"inherited\",\"id\":\"kids/a\",\"parent\":\"root/p\",\"upTo\":2}"));
      h.append("root/p", "after");
      assertThat(h.contents("kids/a")).containsExactly("plan the trip", "before", "child a");

      h.append("kids/a", "a's note");
      assertThat(h.contents("kids/a")).containsExactly("plan the trip", "before", "child a", "a's note");
      assertThat(h.contents("root/p")).containsExactly("plan the trip", "before", "after");
      assertThat(seqs(h.entries("kids/a"))).containsExactly(1L, 2L, 3L, 4L);

      // a chain: the grandchild inherits the child's context, itself inherited
      h.spawn("grand", "inherited", "kids/a", "g=grandchild");
      h.append("kids/a", "a later");
      assertThat(h.contents("grand/g"))
          .containsExactly("plan the trip", "before", "child a", "a's note", "grandchild");
      assertThat(h.worker.await("grand/g").context().path("upTo").asLong()).isEqualTo(4);
    }
  }

  @Test
  void shouldGiveAChildQueuedByMaxParallelTheSameSnapshotAsItsSiblings(TestKafka kafka, @TempDir Path dir)
      throws Exception {
    try (ContextHarness h = new ContextHarness(kafka, dir, c -> c)) {
      h.spawn("root", null, null, "p=plan");
      h.append("root/p", "before");
      h.call("POST", "/v1/invocations?waitMs=0", "{\"workflowId\":\"q\",\"join\":\"detached\",\"maxParallel\":1,"
          + "\"context\":\"inherited\",\"parentTaskId\":\"root/p\",\"targets\":[{\"taskId\":\"a\",\"agent\":"
          + "\"echo\",\"prompt\":\"first\"},{\"taskId\":\"b\",\"agent\":\"echo\",\"prompt\":\"second\"}]}", 202);
      long upTo = h.worker.await("q/a").context().path("upTo").asLong();
      h.append("root/p", "while a ran"); // b is still queued behind the window
      h.worker.succeed("q/a", "a done");

      assertThat(h.worker.await("q/b").context().path("upTo").asLong()).isEqualTo(upTo);
      assertThat(h.contents("q/b")).containsExactly("plan", "before", "second");
    }
  }

  @Test
  void shouldShareOneLiveContextWithParentAndSiblingsInOneOrderDurableAcrossRestarts(TestKafka kafka,
      @TempDir Path dir) throws Exception {
    try (ContextHarness h = new ContextHarness(kafka, dir, c -> c)) {
      h.spawn("root", null, null, "p=lead");
      h.append("root/p", "p-1");
      h.spawn("team", "shared", "root/p", "x=task x", "y=task y");

      assertThat(h.worker.await("team/x").context()).isEqualTo(Json.mapper().readTree(
          "{\"scope\":\"shared\",\"id\":\"root/p\",\"parent\":\"root/p\"}"));
      h.append("team/x", "from x");
      h.append("team/y", "from y");
      List<String> live = List.of("lead", "p-1", "from x", "from y");
      assertThat(h.contents("team/y")).isEqualTo(live); // y sees its sibling's append
      assertThat(h.contents("root/p")).isEqualTo(live); // and so does the parent
      assertThat(h.view("team/x").path("id").asText()).isEqualTo("root/p");

      // a shared child's output joins the shared context when it finishes
      h.worker.succeed("team/x", "x done");
      h.awaitStatus("team/x", "succeeded");
      awaitContains(h, "root/p", "x done");
      h.append("root/p", "p-2");
      List<String> expected = List.of("lead", "p-1", "from x", "from y", "x done", "p-2");
      List<JsonNode> entries = h.entries("root/p");
      assertThat(contents(entries)).isEqualTo(expected);
      assertThat(entries.get(4).path("kind").asText()).isEqualTo("output");
      assertThat(entries.get(4).path("author").asText()).isEqualTo("team/x");
      assertThat(seqs(entries)).isSorted().doesNotHaveDuplicates();
      assertThat(h.entries("team/y")).isEqualTo(entries);

      h.restart(); // from the state store
      assertThat(h.entries("root/p")).isEqualTo(entries);
      assertThat(h.entries("team/y")).isEqualTo(entries);
      assertThat(h.append("team/y", "after restart")).isGreaterThan(seqs(entries).getLast());

      h.restartWithoutState(); // rebuilt from the topics alone
      List<String> all = new ArrayList<>(expected);
      all.add("after restart");
      assertThat(h.contents("root/p")).isEqualTo(all);
      assertThat(h.entries("root/p").subList(0, entries.size())).isEqualTo(entries);
    }
  }

  @Test
  void shouldAppendTheOutputOfASharedChildThatFinishedWhileTheCoordinatorWasDown(TestKafka kafka,
      @TempDir Path dir) throws Exception {
    try (ContextHarness h = new ContextHarness(kafka, dir, c -> c)) {
      h.spawn("boss", null, null, "p=lead");
      h.spawn("crew", "shared", "boss/p", "x=task x");
      h.spawn("sub", "shared", "crew/x", "z=task z"); // shared under shared: writes to boss/p too
      h.spawn("done", null, null, "q=finished long ago");
      h.worker.succeed("done/q", "old output");
      h.awaitStatus("done/q", "succeeded");
      h.worker.await("sub/z");

      h.stop();
      h.worker.succeed("crew/x", "x done"); // the result is in, its context append is not
      h.worker.succeed("sub/z", "z done");
      h.start();

      awaitContains(h, "boss/p", "x done");
      awaitContains(h, "boss/p", "z done");
      List<JsonNode> entries = h.entries("boss/p");
      assertThat(contents(entries)).containsExactlyInAnyOrder("lead", "x done", "z done");
      assertThat(seqs(entries)).isSorted().doesNotHaveDuplicates();
      h.restart(); // the repair appends once: nothing twice after another start
      assertThat(h.entries("boss/p")).isEqualTo(entries);
    }
  }

  private static void awaitContains(ContextHarness h, String key, String content) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    while (!h.contents(key).contains(content)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(key + " never showed " + content + ": " + h.contents(key));
      }
      Thread.sleep(50);
    }
  }

  static List<String> contents(List<JsonNode> entries) {
    return entries.stream().map(e -> e.path("content").asText()).toList();
  }

  static List<Long> seqs(List<JsonNode> entries) {
    return entries.stream().map(e -> e.path("seq").asLong()).toList();
  }
}
