package io.switchboard.worker.internal.run;

import io.switchboard.common.wire.Outcome;
import java.time.Instant;
import java.util.Objects;

/** What becomes of a task this worker took: a result to journal, or the record handed back. */
sealed interface Verdict {

  /** Journal {@code outcome}; {@code startedAt} is null when the agent never ran. */
  record Publish(Outcome outcome, Instant startedAt) implements Verdict {
    public Publish {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** Do not journal anything; RELEASE the record so another worker takes it at once. */
  record HandBack(String why) implements Verdict {}
}
