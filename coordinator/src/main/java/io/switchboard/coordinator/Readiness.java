package io.switchboard.coordinator;

/**
 * Where the coordinator is in its start: restoring its state, catching up with the topics, or running
 * (serving writes). {@code /readyz} answers 200 only when running.
 */
public final class Readiness {

  /** The recovery states, in order. */
  public enum State {
    RESTORING("restoring"),
    CATCHING_UP("catching_up"),
    RUNNING("running");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private volatile State state = State.RESTORING;
  private volatile String detail = "starting";

  public State state() {
    return state;
  }

  public String detail() {
    return detail;
  }

  public boolean isRunning() {
    return state == State.RUNNING;
  }

  public void moveTo(State next, String why) {
    this.state = next;
    this.detail = why;
  }
}
