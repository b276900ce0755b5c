package io.switchboard.coordinator.api;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread. A body within the limit is kept; a larger one is read to
 * its end and dropped, so the client, which is usually still sending when the limit is passed, reads the
 * 413 instead of a reset connection. Dropping stops at {@code drainLimit} bytes: past that the answer
 * goes out with the connection closed, as from any server that will not read an unbounded body.
 */
final class BodyReader implements Runnable {

  /** What reading found. */
  sealed interface Body {

    /** The whole body, within the limit. */
    record Read(byte[] bytes) implements Body {
    }

    /** The body was over the limit; {@code drained} says whether it was read to its end. */
    record TooLarge(boolean drained) implements Body {
    }
  }

  private final Content.Source source;
  private final int maxBytes;
  private final long drainLimit;
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private byte[] kept;
  private long seen;

  private BodyReader(Content.Source source, long declared, int maxBytes, long drainLimit) {
    this.source = source;
    this.maxBytes = maxBytes;
    this.drainLimit = drainLimit;
    this.kept = declared > maxBytes ? null : new byte[declared >= 0 ? (int) declared : 1024];
  }

  /**
   * Reads {@code source}, whose length is {@code declared} bytes or -1 when the client did not say. A
   * declared length over the drain limit is refused before a byte is read.
   */
  static CompletableFuture<Body> read(Content.Source source, long declared, int maxBytes, long drainLimit) {
    if (declared > drainLimit) {
      return CompletableFuture.completedFuture(new Body.TooLarge(false));
    }
    BodyReader reader = new BodyReader(source, declared, maxBytes, drainLimit);
    reader.run();
    return reader.result;
  }

  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = source.read();
      if (chunk == null) {
        source.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        result.completeExceptionally(chunk.getFailure());
        return;
      }
      take(chunk.getByteBuffer());
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        result.complete(kept == null ? new Body.TooLarge(true) : new Body.Read(trimmed()));
        return;
      }
      if (seen > drainLimit) {
        result.complete(new Body.TooLarge(false));
        return;
      }
    }
  }

  private byte[] trimmed() {
    return kept.length == seen ? kept : Arrays.copyOf(kept, (int) seen);
  }

  private void take(ByteBuffer buffer) {
    int length = buffer.remaining();
    seen += length;
    if (kept == null) {
      return;
    }
    if (seen > maxBytes) {
      kept = null;
      return;
    }
    int from = (int) (seen - length);
    if (seen > kept.length) {
      kept = Arrays.copyOf(kept, (int) Math.min(maxBytes, Math.max(seen, 2L * kept.length)));
    }
    buffer.get(kept, from, length);
  }
}
