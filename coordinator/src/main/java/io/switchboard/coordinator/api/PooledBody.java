package io.switchboard.coordinator.api;

import io.switchboard.common.json.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An answer's JSON encoded into the server's pooled buffers and written from them, so an answer leaves no
 * garbage behind: no byte array to build it in, none to grow, none to copy it into (round 15 of
 * docs/performance.md). An answer of several buffers is written as they are, one after the other (gathered
 * into one, a 1,000-outcome answer would need a buffer larger than the pool keeps). Jetty's {@code writeTo}
 * gives the buffers back to the pool when the write completes, also when it fails; an answer that cannot be
 * encoded gives them back at once.
 */
final class PooledBody {

  /** Each pooled buffer's size: most answers fit in one, a 10,000-outcome answer takes a few hundred. */
  private static final int AGGREGATION_BYTES = 16 * 1024;

  private PooledBody() {}

  /** Encodes {@code value} and writes it as the whole body of {@code response}, with its length. */
  static void writeJson(Response response, Object value, ByteBufferPool pool, Callback callback) {
    RetainableByteBuffer.DynamicCapacity body =
        new RetainableByteBuffer.DynamicCapacity(pool, true, -1, AGGREGATION_BYTES);
    try {
      JsonCodec.encodeTo(value, new Appender(body));
    } catch (IOException | RuntimeException e) {
      body.release();
      callback.failed(e);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.size());
    // writes the buffers one after the other and gives them back to the pool, then completes the callback
    body.writeTo(response, true, callback);
  }

  /** The output stream Jackson writes to: appends to the pooled buffers. */
  private static final class Appender extends OutputStream {
    private final RetainableByteBuffer.Mutable body;

    Appender(RetainableByteBuffer.Mutable body) {
      this.body = body;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (!body.append(ByteBuffer.wrap(bytes, offset, length))) {
        throw new IOException("the answer's buffers are full after " + body.size() + " bytes");
      }
    }
  }
}
