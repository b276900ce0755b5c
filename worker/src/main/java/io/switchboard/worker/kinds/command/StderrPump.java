package io.switchboard.worker.kinds.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Reads a program's stderr line by line: each line goes to {@code sink} (published as a log event),
 * and the last lines are kept as the tail that explains a failure. Lines are cut at {@link
 * #MAX_LINE} characters so a program without newlines cannot exhaust memory.
 */
final class StderrPump {

  static final int MAX_LINE = 8 * 1024;
  static final int TAIL_LINES = 20;
  static final int TAIL_CHARS = 4 * 1024;

  private final Consumer<String> sink;
  private final Deque<String> tail = new ArrayDeque<>();
  private int tailChars;

  StderrPump(Consumer<String> sink) {
    this.sink = sink;
  }

  /** Reads {@code in} to its end. */
  void readFrom(InputStream in) {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8 * 1024];
      StringBuilder line = new StringBuilder();
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n') {
            emit(line);
          } else if (line.length() < MAX_LINE) {
            line.append(c);
          }
        }
      }
      if (!line.isEmpty()) {
        emit(line);
      }
    } catch (IOException e) {
      // the stream was closed under us (the program was killed): keep what was read
    }
  }

  private void emit(StringBuilder line) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    String text = line.substring(0, end);
    line.setLength(0);
    remember(text);
    try {
      sink.accept(text);
    } catch (RuntimeException e) {
      // publishing a log line is best effort; the task goes on
    }
  }

  private synchronized void remember(String text) {
    tail.addLast(text);
    tailChars += text.length() + 1;
    while (tail.size() > TAIL_LINES || (tailChars > TAIL_CHARS && tail.size() > 1)) {
      tailChars -= tail.removeFirst().length() + 1;
    }
  }

  /** The last lines read (at most 20 lines, about 4 KB), joined with newlines. */
  synchronized String tail() {
    String joined = String.join("\n", tail);
    return joined.length() > TAIL_CHARS ? joined.substring(joined.length() - TAIL_CHARS) : joined;
  }
}
