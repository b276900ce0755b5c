package io.switchboard.client;

import java.util.concurrent.CompletableFuture;

/**
 * A handle on an open event stream ({@link SwitchboardClient#events}). Events are delivered on the
 * stream's own thread, in order, until the server ends the stream or {@link #close()} is called.
 */
public interface EventStream extends AutoCloseable {

  /**
   * Completes when the stream has ended: normally when the server ended it or it was closed;
   * exceptionally with {@link CoordinatorUnreachableException} when the connection broke, or with
   * what the event consumer threw.
   */
  CompletableFuture<Void> done();

  /**
   * Stops reading and releases the connection; after it returns no further event is delivered
   * (other than one the consumer is already handling). Idempotent; may be called from the consumer.
   */
  @Override
  void close();
}
