package io.switchboard.dist;

import java.time.Duration;

/**
 * Stops this process when another one is gone: a worker that a coordinator started on demand watches the
 * coordinator's pid ({@code --parent-pid}, set as {@code SWITCHBOARD_PARENT_PID}), so a coordinator killed
 * with SIGKILL leaves no orphaned worker. The stop is an ordinary {@code System.exit}, which runs the same
 * shutdown as SIGTERM (the worker hands back its tasks).
 */
final class ParentWatch {

  private static final Duration PERIOD = Duration.ofMillis(500);

  private ParentWatch() {}

  /** Watches {@code pid} on a daemon thread; exits at once if it is already gone. */
  static void exitWhenGone(long pid) {
    var parent = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (parent.isEmpty()) {
      System.err.println("switchboard: parent process " + pid + " is gone; stopping");
      System.exit(3);
    }
    Thread.ofPlatform().name("parent-watch").daemon().start(() -> {
      try {
        while (parent.get().isAlive()) {
          Thread.sleep(PERIOD);
        }
        System.err.println("switchboard: parent process " + pid + " is gone; stopping");
        System.exit(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
