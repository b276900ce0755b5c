package io.switchboard.coordinator.recovery;

import io.switchboard.common.model.Target;
import io.switchboard.common.model.TaskKey;
import io.switchboard.common.wire.InvocationRecord;
import io.switchboard.common.wire.ResolvedAgent;
import io.switchboard.coordinator.state.InvocationState;
import io.switchboard.coordinator.state.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts accepted invocations back together from the invocations topic: each head with all its target
 * chunks. A head whose chunks are not all there is an intent whose write failed (its client was told
 * so): it is skipped, never half-restored.
 */
final class IntentAssembler {

  private static final Logger log = LoggerFactory.getLogger(IntentAssembler.class);

  private final Map<String, InvocationRecord.InvocationAccepted> heads = new HashMap<>();
  private final Map<String, TreeMap<Integer, ChunkPart>> chunks = new HashMap<>();

  /** A target chunk as read: decoded, or only scanned (its targets then decoded when they are needed). */
  sealed interface ChunkPart permits DecodedChunk, ScannedChunk {

    /** How many targets it holds. */
    int size();

    List<String> taskIds();

    List<Target> targets();
  }

  /** A target chunk decoded in full. */
  record DecodedChunk(InvocationRecord.TargetsChunk chunk) implements ChunkPart {

    @Override
    public int size() {
      return chunk.targets().size();
    }

    @Override
    public List<String> taskIds() {
      return chunk.targets().stream().map(Target::taskId).toList();
    }

    @Override
    public List<Target> targets() {
      return chunk.targets();
    }
  }

  void add(InvocationRecord record) {
    switch (record) {
      case InvocationRecord.InvocationAccepted head -> heads.put(head.invocationId(), head);
      case InvocationRecord.TargetsChunk chunk -> put(chunk.invocationId(), chunk.chunk(), new DecodedChunk(chunk));
    }
  }

  /** A chunk read from the topic and only scanned: decoded if its invocation is restored. */
  void add(ScannedChunk chunk) {
    put(chunk.invocationId(), chunk.chunk(), chunk);
  }

  private void put(String invocationId, int chunk, ChunkPart part) {
    chunks.computeIfAbsent(invocationId, id -> new TreeMap<>()).put(chunk, part);
  }

  /** The invocations whose head is here and some of whose chunks are not (yet). */
  Set<String> missingChunks() {
    Set<String> missing = new HashSet<>();
    heads.values().forEach(head -> {
      if (chunksOf(head).size() != head.chunkCount()) {
        missing.add(head.invocationId());
      }
    });
    return missing;
  }

  /** One complete intent: its head and its chunks, in order. */
  record Intent(InvocationRecord.InvocationAccepted head, List<ChunkPart> chunks) {

    String invocationId() {
      return head.invocationId();
    }

    /** The targets' task ids, in order, without decoding the targets. */
    List<String> taskIds() {
      List<String> ids = new ArrayList<>(head.targetCount());
      chunks.forEach(chunk -> ids.addAll(chunk.taskIds()));
      return ids;
    }

    /** The targets, in order; decoded here where they were only scanned. */
    List<Target> targets() {
      List<Target> targets = new ArrayList<>(head.targetCount());
      chunks.forEach(chunk -> targets.addAll(chunk.targets()));
      return targets;
    }

    /** The invocation as accepted, its tasks queued; empty when the intent cannot be used. */
    Optional<InvocationState> toState() {
      try {
        return Optional.of(rebuild(head, targets()));
      } catch (RuntimeException e) {
        // one unusable intent must not keep the coordinator from starting
        log.warn("invocation {} cannot be restored, skipped: {}", head.invocationId(), e.getMessage());
        return Optional.empty();
      }
    }
  }

  /**
   * The complete invocations, oldest first (so a parent is restored before its children). Once: the
   * assembler lets go of everything it read, so a long history is not held twice while it is restored.
   */
  List<InvocationState> complete() {
    return completeIntents().stream().flatMap(intent -> intent.toState().stream()).toList();
  }

  /** The complete intents, oldest first, not yet made invocations; once, as {@link #complete()}. */
  List<Intent> completeIntents() {
    List<Intent> complete = new ArrayList<>();
    heads.values().stream().sorted(Comparator.comparing(InvocationRecord.InvocationAccepted::acceptedAt))
        .forEach(head -> assemble(head, true).ifPresent(complete::add));
    heads.clear();
    chunks.clear();
    return complete;
  }

  /**
   * The intent of {@code invocationId} if its head and all its chunks are here (it stays here); empty
   * otherwise, and nothing said: more may come.
   */
  Optional<Intent> completed(String invocationId) {
    InvocationRecord.InvocationAccepted head = heads.get(invocationId);
    return head == null ? Optional.empty() : assemble(head, false);
  }

  /** Lets go of what was read of {@code invocationId}'s intent: it is settled without it. */
  void forget(String invocationId) {
    heads.remove(invocationId);
    chunks.remove(invocationId);
  }

  /** {@code head}'s intent with its targets in order; empty when parts are missing (said, if {@code warn}). */
  private Optional<Intent> assemble(InvocationRecord.InvocationAccepted head, boolean warn) {
    var parts = chunksOf(head);
    if (parts.size() != head.chunkCount()) {
      if (warn) {
        log.warn("invocation {} has {} of {} target chunks: its intent was never complete, skipped",
            head.invocationId(), parts.size(), head.chunkCount());
      }
      return Optional.empty();
    }
    int targets = parts.values().stream().mapToInt(ChunkPart::size).sum();
    if (targets != head.targetCount()) {
      if (warn) {
        log.warn("invocation {} has {} of {} targets, skipped", head.invocationId(), targets, head.targetCount());
      }
      return Optional.empty();
    }
    return Optional.of(new Intent(head, List.copyOf(parts.values())));
  }

  /** The chunks of {@code head}'s invocation read so far, in order. */
  private TreeMap<Integer, ChunkPart> chunksOf(InvocationRecord.InvocationAccepted head) {
    return chunks.getOrDefault(head.invocationId(), new TreeMap<>());
  }

  private static InvocationState rebuild(InvocationRecord.InvocationAccepted head, List<Target> targets) {
    Map<String, ResolvedAgent> agents = new HashMap<>();
    head.agents().forEach(a -> agents.put(a.spec().name(), a));
    TaskKey parent = head.options().parentTaskId() == null ? null : TaskKey.parse(head.options().parentTaskId());
    List<TaskState> tasks = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      ResolvedAgent agent = agents.get(target.agent());
      if (agent == null) {
        throw new IllegalStateException("invocation " + head.invocationId() + " has no resolution for agent "
            + target.agent());
      }
      tasks.add(new TaskState(TaskKey.of(head.invocationId(), target.taskId()), i, target, agent.spec(),
          agent.runner(), agent.tools(), parent, head.acceptedAt()));
    }
    InvocationState invocation = new InvocationState(head.invocationId(), head.options(), tasks, head.acceptedAt(),
        head.caller() == null ? "unknown" : head.caller());
    invocation.contextUpTo(head.contextUpTo());
    return invocation;
  }
}
