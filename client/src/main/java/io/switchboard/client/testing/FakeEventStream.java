package io.switchboard.client.testing;

import io.switchboard.client.EventStream;
import io.switchboard.client.ServerSentEvent;
import io.switchboard.common.json.JsonCodec;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The fake's event stream of one task: a {@code status} event at once, then a {@code result} event
 * (the outcome) when the task finishes, then the end of the stream.
 */
final class FakeEventStream implements EventStream {

  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean closed;

  private FakeEventStream() {}

  static FakeEventStream open(FakeTask task, Consumer<ServerSentEvent> onEvent) {
    FakeEventStream stream = new FakeEventStream();
    Thread.ofVirtual().name("fake-events " + task.key()).start(() -> stream.deliver(task, onEvent));
    return stream;
  }

  private void deliver(FakeTask task, Consumer<ServerSentEvent> onEvent) {
    try {
      emit(onEvent, "status", JsonCodec.encodeString(task.snapshot()));
      CompletableFuture.anyOf(task.outcome(), done).join();
      if (task.outcome().isDone()) {
        emit(onEvent, "result", JsonCodec.encodeString(task.outcome().join()));
      }
      done.complete(null);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  private void emit(Consumer<ServerSentEvent> onEvent, String name, String data) {
    if (!closed) {
      onEvent.accept(new ServerSentEvent(name, data, null));
    }
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    closed = true;
    done.complete(null);
  }
}
