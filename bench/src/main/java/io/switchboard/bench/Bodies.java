package io.switchboard.bench;

/** Request bodies of the workloads, built as text (a 10,000-target body is ~3.5 MB). */
final class Bodies {

  private Bodies() {}

  /** A prompt of exactly {@code bytes} ASCII bytes that starts with its index (no JSON escaping needed). */
  static String prompt(int index, int bytes) {
    StringBuilder prompt = new StringBuilder(bytes).append("prompt ").append(index).append(' ');
    while (prompt.length() < bytes) {
      prompt.append((char) ('a' + prompt.length() % 26));
    }
    prompt.setLength(bytes);
    return prompt.toString();
  }

  /** An invocation of {@code targets} targets of {@code agent} with 300-byte prompts and the given join. */
  static String invocation(String agent, String join, int targets, int firstIndex) {
    StringBuilder body = new StringBuilder(targets * (Sizes.PAYLOAD_BYTES + 40) + 64);
    body.append("{\"join\":\"").append(join).append("\",\"targets\":[");
    for (int i = 0; i < targets; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"agent\":\"").append(agent).append("\",\"prompt\":\"")
          .append(prompt(firstIndex + i, Sizes.PAYLOAD_BYTES)).append("\"}");
    }
    return body.append("]}").toString();
  }

  /** A one-target invocation (join {@code single}). */
  static String single(String agent, int index) {
    return "{\"targets\":[{\"agent\":\"" + agent + "\",\"prompt\":\"" + prompt(index, Sizes.PAYLOAD_BYTES) + "\"}]}";
  }

  /** The agents file the coordinator registers at start: a plain echo and a slow one for R1. */
  static String agents(long slowDelayMs) {
    return "[{\"name\":\"" + Cluster.ECHO + "\",\"kind\":\"echo\"},"
        + "{\"name\":\"" + Cluster.SLOW_ECHO + "\",\"kind\":\"echo\",\"delayMs\":" + slowDelayMs + "}]";
  }
}
