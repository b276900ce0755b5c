package io.switchboard.worker.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.model.TaskKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CancelledKeysTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void shouldRememberACancelUntilItExpires() {
    CancelledKeys keys = new CancelledKeys(clock, Duration.ofHours(1), 10);
    keys.remember(TaskKey.of("inv", "a"), "stop");

    clock.advance(Duration.ofMinutes(59));
    assertThat(keys.find(TaskKey.of("inv", "a"))).map(CancelledKeys.Cancellation::reason).contains("stop");

    clock.advance(Duration.ofMinutes(2));
    assertThat(keys.find(TaskKey.of("inv", "a"))).isEmpty();
  }

  @Test
  void shouldForgetTheOldestPastItsCapacity() {
    CancelledKeys keys = new CancelledKeys(clock, Duration.ofHours(1), 2);
    keys.remember(TaskKey.of("inv", "a"), null);
    keys.remember(TaskKey.of("inv", "b"), null);
    keys.remember(TaskKey.of("inv", "c"), null);

    assertThat(keys.find(TaskKey.of("inv", "a"))).isEmpty();
    assertThat(keys.find(TaskKey.of("inv", "b"))).isPresent();
    assertThat(keys.find(TaskKey.of("inv", "c"))).isPresent();
    assertThat(keys.size()).isEqualTo(2);
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
