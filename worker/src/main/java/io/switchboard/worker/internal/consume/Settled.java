package io.switchboard.worker.internal.consume;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/**
 * The records a worker's lanes settled for good (ACCEPT: the result is journaled; REJECT: poison), the newest
 * {@code capacity} of them. Kafka can hand a lane a record again after the lane settled it: a copy that
 * was re-acquired while a late RENEW was on its way, or one whose acknowledgement failed. Running such a
 * copy would run a finished task twice on a healthy worker; the lane settles it the same way instead.
 * A RELEASEd record is not remembered: it was handed back to run again. Shared by a worker's lanes: a copy may reach another lane.
 */
public final class Settled {

  private final Map<RecordId, AcknowledgeType> verdicts;

  public Settled(int capacity) {
    this.verdicts = new LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<RecordId, AcknowledgeType> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void remember(RecordId id, AcknowledgeType verdict) {
    if (verdict == AcknowledgeType.ACCEPT || verdict == AcknowledgeType.REJECT) {
      verdicts.put(id, verdict);
    }
  }

  /** The verdict the lane gave this record, or null when it did not settle it for good. */
  synchronized AcknowledgeType verdictOf(RecordId id) {
    return verdicts.get(id);
  }
}
