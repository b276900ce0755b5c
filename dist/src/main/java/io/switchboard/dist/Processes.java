package io.switchboard.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until SIGTERM (or Ctrl-C), then closes what it started in reverse
 * order: the worker hands back its tasks, the coordinator stops, the broker stops last.
 */
final class Processes {

  private Processes() {}

  static void runUntilStopped(List<AutoCloseable> started) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    List<AutoCloseable> toClose = new ArrayList<>(started);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        try {
          toClose.get(i).close();
        } catch (Exception e) {
          System.err.println("switchboard: error while stopping: " + e);
        }
      }
      stopped.countDown();
    }, "switchboard-shutdown"));
    stopped.await();
  }
}
