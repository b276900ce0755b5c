package io.switchboard.coordinator.state;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finished invocations (every task terminal, join complete) kept on disk instead of in memory, and loaded
 * when somebody asks for one: a coordinator's memory and its restart time follow the work in flight, not
 * the length of its history.
 */
public interface FinishedHistory {

  /** No history: everything stays in memory (for tests of the state alone). */
  FinishedHistory NONE = new FinishedHistory() {
    @Override
    public boolean contains(String invocationId) {
      return false;
    }

    @Override
    public Optional<InvocationState> load(String invocationId, CoordinatorState state) {
      return Optional.empty();
    }

    @Override
    public void recent(InvocationState invocation) {
    }

    @Override
    public void forget(String invocationId) {
    }

    @Override
    public void forgetAll() {
    }

    @Override
    public void taskKeysAfter(String after, Predicate<String> visitor) {
    }
  };

  boolean contains(String invocationId);

  /** The finished invocation, as it ended; {@code state} restores its tasks' place in the task tree. */
  Optional<InvocationState> load(String invocationId, CoordinatorState state);

  /**
   * {@code invocation} just finished and left memory for the disk: kept among the recently loaded ones, as
   * a client polling for it is about to ask (a copy loaded before is replaced).
   */
  void recent(InvocationState invocation);

  /** The invocation is live again: a copy loaded before is stale. */
  void forget(String invocationId);

  /** The history is being rebuilt from the topics. */
  void forgetAll();

  /**
   * Task keys after {@code after} (exclusive, null for all) in key order, while {@code visitor} returns
   * true. They may include keys of invocations now in memory: the caller skips those.
   */
  void taskKeysAfter(String after, Predicate<String> visitor);
}
