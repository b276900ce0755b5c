package io.switchboard.client;

import io.switchboard.common.model.InvocationResult;
import java.util.function.Consumer;

/**
 * What {@link SwitchboardClient#awaitInvocation(String, java.time.Duration, AwaitListener)} reports
 * while it waits. Called on the waiting thread.
 *
 * <p>Deliberately not a functional interface, so that a lambda passed to {@code awaitInvocation} is
 * the plain {@code Consumer<InvocationResult>} progress callback.
 */
public interface AwaitListener {

  /** Each answer of the coordinator, running or final (with {@code progress} when it sends it). */
  void progress(InvocationResult result);

  /** The coordinator became unreachable; the wait keeps retrying. Called once per outage. */
  void reconnecting(CoordinatorUnreachableException cause);

  /** The coordinator answered again after an outage; the wait is re-attached. */
  default void reconnected() {}

  /** A listener that forwards each answer to {@code onProgress} and ignores outages. */
  static AwaitListener of(Consumer<InvocationResult> onProgress) {
    return new AwaitListener() {
      @Override
      public void progress(InvocationResult result) {
        onProgress.accept(result);
      }

      @Override
      public void reconnecting(CoordinatorUnreachableException cause) {}
    };
  }
}
