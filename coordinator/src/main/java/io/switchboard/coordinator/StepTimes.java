package io.switchboard.coordinator;

import java.util.ArrayList;
import java.util.List;

/** How long each step of something took, for a log line: "name N ms, name N ms". */
public final class StepTimes {

  private final List<String> steps = new ArrayList<>();
  private long last = System.nanoTime();

  /** The step called {@code name} ended now. */
  public void done(String name) {
    long now = System.nanoTime();
    steps.add(name + " " + (now - last) / 1_000_000 + " ms");
    last = now;
  }

  @Override
  public String toString() {
    return String.join(", ", steps);
  }
}
