package io.switchboard.worker.kinds.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a whole stream (a program's stdout) into memory, up to a limit. Past the limit it stops
 * keeping bytes, calls {@code onOverflow} once (the agent kills the program) and drains the rest so
 * the writer never blocks on a full pipe.
 */
final class BoundedCapture {

  private final int limit;
  private final Runnable onOverflow;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private volatile boolean overflowed;

  BoundedCapture(int limit, Runnable onOverflow) {
    this.limit = limit;
    this.onOverflow = onOverflow;
  }

  /** Reads {@code in} to its end; an I/O error ends the capture with what was read. */
  void readFrom(InputStream in) {
    byte[] buffer = new byte[16 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (overflowed) {
          continue;
        }
        synchronized (bytes) {
          if (bytes.size() + n > limit) {
            overflowed = true;
          } else {
            bytes.write(buffer, 0, n);
          }
        }
        if (overflowed) {
          onOverflow.run();
        }
      }
    } catch (IOException e) {
      // the stream was closed under us (the program was killed): keep what was read
    }
  }

  boolean overflowed() {
    return overflowed;
  }

  String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
