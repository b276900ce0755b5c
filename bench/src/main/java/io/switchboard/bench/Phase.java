package io.switchboard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The phases of a run, in the order they run; {@code --only} names a subset. */
enum Phase {
  IDLE("what an idle cluster costs: CPU of each process over 10 s with no work"),
  RAW("raw Kafka share-group request/reply: latency at concurrency 1 and pipelined throughput"),
  WRITE("the write path: intent + envelopes as idempotent sends against one Kafka transaction"),
  W1("sequential single echo invocations: latency"),
  W2("one all join of many echo targets: tasks/s"),
  W3("detached echo tasks, polled to completion: tasks/s"),
  IDLE_WARM("what an idle cluster costs once warm: CPU of each process over 10 s with no work, after the "
      + "throughput phases and their warm-ups"),
  R1("SIGKILL the coordinator with tasks in flight: time to ready and to join completion"),
  R2("rebuild from the topics on an empty state directory: time to ready"),
  M1("coordinator RSS with many tasks in flight");

  final String description;

  Phase(String description) {
    this.description = description;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phases named (case-insensitive); every phase when none is. */
  static Set<Phase> parse(List<String> names) {
    if (names == null || names.isEmpty()) {
      return EnumSet.allOf(Phase.class);
    }
    Set<Phase> phases = EnumSet.noneOf(Phase.class);
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        phases.add(Phase.valueOf(trimmed.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        unknown.add(trimmed);
      }
    }
    if (!unknown.isEmpty() || phases.isEmpty()) {
      throw new IllegalArgumentException("--only: unknown phase " + unknown + "; known: " + known());
    }
    return phases;
  }

  /** Every phase's id, in the order a run takes them. */
  static String known() {
    return String.join(",", Arrays.stream(values()).map(Phase::id).toList());
  }
}
