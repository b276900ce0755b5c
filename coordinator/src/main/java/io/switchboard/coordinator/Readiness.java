package io.switchboard.coordinator;

/**
 * Where the coordinator is in its start: restoring its state, catching up with the topics, or running
 * (serving writes); and, once running, whether a fault makes it refuse new work for now (degraded).
 * {@code /readyz} answers 200 only when running.
 */
public final class Readiness {

  /** The recovery states, in order. */
  public enum State {
    RESTORING("restoring"),
    CATCHING_UP("catching_up"),
    RUNNING("running"),
    /** Running, but new work is refused while a fault lasts (the state store cannot be written). */
    DEGRADED("degraded");

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
  /** Why new work is refused now, or null. */
  private volatile String fault;

  public State state() {
    return state == State.RUNNING && fault != null ? State.DEGRADED : state;
  }

  public String detail() {
    String why = fault;
    return state == State.RUNNING && why != null ? why : detail;
  }

  public boolean isRunning() {
    return state() == State.RUNNING;
  }

  /** A fault makes the coordinator refuse new work (once running) until {@link #faultCleared()}. */
  public void fault(String why) {
    this.fault = why;
  }

  public void faultCleared() {
    this.fault = null;
  }

  public void moveTo(State next, String why) {
    this.state = next;
    this.detail = why;
  }
}
