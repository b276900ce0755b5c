package io.switchboard.common.topic;

import java.time.Duration;
import java.util.Map;

/**
 * The group-level configs of a runner's share group. Share groups start at {@code latest}, so a worker
 * group that joins after tasks were produced would never see them: Switchboard sets {@code earliest}.
 *
 * @param lockDuration how long a delivered task stays with its worker before it is redelivered
 *     (broker bounds: {@code group.share.min/max.record.lock.duration.ms})
 * @param deliveryCountLimit how many deliveries before a record is archived (broker bounds 2..10)
 */
public record ShareGroupSettings(Duration lockDuration, int deliveryCountLimit) {

  public static final ShareGroupSettings DEFAULTS = new ShareGroupSettings(Duration.ofSeconds(30), 5);

  public ShareGroupSettings {
    if (lockDuration.isNegative() || lockDuration.isZero()) {
      throw new IllegalArgumentException("lockDuration must be positive: " + lockDuration);
    }
    if (deliveryCountLimit < 2 || deliveryCountLimit > 10) {
      throw new IllegalArgumentException(
          "deliveryCountLimit must be 2..10 (the broker's bounds), got " + deliveryCountLimit);
    }
  }

  /** The group configs, by Kafka's names. */
  public Map<String, String> configs() {
    return Map.of(
        "share.auto.offset.reset", "earliest",
        "share.record.lock.duration.ms", Long.toString(lockDuration.toMillis()),
        "share.delivery.count.limit", Integer.toString(deliveryCountLimit));
  }
}
