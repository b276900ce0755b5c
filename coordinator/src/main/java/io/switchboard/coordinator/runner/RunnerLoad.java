package io.switchboard.coordinator.runner;

/**
 * One runner's tasks at one moment.
 *
 * @param waiting unfinished tasks of the runner that no worker has started (sent, queued behind the
 *     invocation's window, or waiting for a retry)
 * @param running tasks of the runner a worker runs now
 */
public record RunnerLoad(int waiting, int running) {

  public static final RunnerLoad IDLE = new RunnerLoad(0, 0);

  public RunnerLoad {
    if (waiting < 0 || running < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /** Tasks that need a worker: waiting plus running. */
  public int total() {
    return waiting + running;
  }

  public boolean idle() {
    return total() == 0;
  }
}
