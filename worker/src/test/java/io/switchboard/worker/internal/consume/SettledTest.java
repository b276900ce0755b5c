package io.switchboard.worker.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.junit.jupiter.api.Test;

class SettledTest {

  private final Settled settled = new Settled(2);

  @Test
  void shouldRecogniseAnAcceptedOrRejectedRecordButNotAReleasedOne() {
    settled.remember(new RecordId("t", 0, 1), AcknowledgeType.ACCEPT);
    settled.remember(new RecordId("t", 0, 2), AcknowledgeType.REJECT);
    settled.remember(new RecordId("t", 1, 1), AcknowledgeType.RELEASE);

    assertThat(settled.verdictOf(new RecordId("t", 0, 1))).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(settled.verdictOf(new RecordId("t", 0, 2))).isEqualTo(AcknowledgeType.REJECT);
    assertThat(settled.verdictOf(new RecordId("t", 1, 1))).as("handed back to run again").isNull();
  }

  @Test
  void shouldForgetTheOldestBeyondItsCapacity() {
    settled.remember(new RecordId("t", 0, 1), AcknowledgeType.ACCEPT);
    settled.remember(new RecordId("t", 0, 2), AcknowledgeType.ACCEPT);
    settled.remember(new RecordId("t", 0, 3), AcknowledgeType.ACCEPT);

    assertThat(settled.verdictOf(new RecordId("t", 0, 1))).isNull();
    assertThat(settled.verdictOf(new RecordId("t", 0, 3))).isEqualTo(AcknowledgeType.ACCEPT);
  }
}
