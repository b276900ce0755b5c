package io.switchboard.common.model;

/**
 * How far an invocation has come (an extension of api.md's InvocationResult): tasks in all, finished,
 * and of those failed and cancelled, and how many are running now.
 */
public record InvocationProgress(int total, int done, int failed, int cancelled, int running) {

  public InvocationProgress {
    if (total < 0 || done < 0 || failed < 0 || cancelled < 0 || running < 0 || done > total) {
      throw new IllegalArgumentException("invalid progress " + done + "/" + total);
    }
  }
}
