package io.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.wire.DeadLetter;
import io.switchboard.common.wire.Outcome;
import io.switchboard.common.wire.TaskEnvelope;
import io.switchboard.common.wire.WireHeaders;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record a worker cannot read goes to the DLQ with the reason, and the worker goes on. */
@ExtendWith(KafkaExtension.class)
@Timeout(90)
class UnreadableRecordsTest {

  private final TestKafka kafka;

  UnreadableRecordsTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldDeadLetterUnreadableTasksAndKeepConsuming() {
    try (WorkerFixture fixture = new WorkerFixture(kafka)) {
      String topic = fixture.topics.tasks("default");
      byte[] garbage = {(byte) 0xff, 0x00, (byte) 0xfe, 0x42};
      fixture.send(new ProducerRecord<>(topic, null, "bad/garbage", garbage, WireHeaders.of(TaskEnvelope.class)));
      fixture.send(new ProducerRecord<>(topic, "bad/unversioned",
          Tasks.json("{\"hello\": 1}").toString().getBytes(StandardCharsets.UTF_8)));
      fixture.start();
      TaskEnvelope valid = fixture.submit(Tasks.of(Tasks.echo(0)).prompt("still here").build());

      assertThat(fixture.awaitResult(valid.key()).outcome()).isEqualTo(new Outcome.Succeeded("still here", null));
      List<DeadLetter> letters = fixture.awaitDeadLetters(2);
      assertThat(letters).extracting(DeadLetter::key).containsExactlyInAnyOrder("bad/garbage", "bad/unversioned");
      assertThat(letters).allSatisfy(letter -> {
        assertThat(letter.sourceTopic()).isEqualTo(topic);
        assertThat(letter.reason()).startsWith("unreadable: ");
      });
      DeadLetter garbageLetter = letters.stream().filter(l -> l.key().equals("bad/garbage")).findFirst().orElseThrow();
      assertThat(garbageLetter.valueBytes()).isEqualTo(garbage);
      DeadLetter unversioned = letters.stream().filter(l -> l.key().equals("bad/unversioned")).findFirst().orElseThrow();
      assertThat(unversioned.reason()).contains("schema version");
    }
  }
}
