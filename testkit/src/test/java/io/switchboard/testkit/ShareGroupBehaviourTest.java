package io.switchboard.testkit;

import static io.switchboard.testkit.ShareGroupFixture.deliveryCount;
import static io.switchboard.testkit.ShareGroupFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.topic.ShareGroupSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The share-group (KIP-932) behaviour Switchboard's work path relies on, checked on a real broker:
 * workers share one partition, RELEASE and an expired lock redeliver with a raised delivery count, RENEW
 * keeps a long task with its worker, and the delivery-count limit archives a poison record.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class ShareGroupBehaviourTest {

  private static final ShareGroupSettings SHORT_LOCK = new ShareGroupSettings(Duration.ofSeconds(2), 3);

  private final TestKafka kafka;

  ShareGroupBehaviourTest(TestKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldShareOnePartitionBetweenTwoConsumers() throws Exception {
    try (var fixture = new ShareGroupFixture(kafka, SHORT_LOCK)) {
      String[] jobs = new String[30];
      for (int i = 0; i < jobs.length; i++) {
        jobs[i] = "job-" + i;
      }
      fixture.produce(jobs);
      Set<String> seenByFirst = ConcurrentHashMap.newKeySet();
      Set<String> seenBySecond = ConcurrentHashMap.newKeySet();
      AtomicBoolean done = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> first = pool.submit(() -> consumeSlowly(fixture.consumer(), seenByFirst, seenBySecond, done));
        Future<?> second = pool.submit(() -> consumeSlowly(fixture.consumer(), seenBySecond, seenByFirst, done));
        first.get(90, TimeUnit.SECONDS);
        second.get(90, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertThat(seenByFirst).isNotEmpty();
      assertThat(seenBySecond).isNotEmpty();
      assertThat(seenByFirst).doesNotContainAnyElementsOf(seenBySecond);
      List<String> all = new ArrayList<>(seenByFirst);
      all.addAll(seenBySecond);
      assertThat(all).containsExactlyInAnyOrder(jobs);
    }
  }

  private static Void consumeSlowly(KafkaShareConsumer<String, String> consumer, Set<String> mine,
      Set<String> theirs, AtomicBoolean done) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(60);
    while (!done.get() && Instant.now().isBefore(end)) {
      for (ConsumerRecord<String, String> record : consumer.poll(ms(100))) {
        Thread.sleep(100); // a job takes a while, so both consumers get some
        mine.add(record.value());
        consumer.acknowledge(record, AcknowledgeType.ACCEPT);
      }
      consumer.commitSync();
      if (mine.size() + theirs.size() >= 30) {
        done.set(true);
      }
    }
    return null;
  }

  @Test
  void shouldRedeliverReleasedRecordWithDeliveryCountTwo() throws Exception {
    try (var fixture = new ShareGroupFixture(kafka, SHORT_LOCK)) {
      fixture.produce("release-me");
      var consumer = fixture.consumer();
      ConsumerRecord<String, String> first = pollOne(consumer, Duration.ofSeconds(30));
      assertThat(deliveryCount(first)).isEqualTo((short) 1);
      consumer.acknowledge(first, AcknowledgeType.RELEASE);
      consumer.commitSync();

      ConsumerRecord<String, String> again = pollOne(consumer, Duration.ofSeconds(30));
      assertThat(again.offset()).isEqualTo(first.offset());
      assertThat(deliveryCount(again)).isEqualTo((short) 2);
      consumer.acknowledge(again, AcknowledgeType.ACCEPT);
      consumer.commitSync();
    }
  }

  @Test
  void shouldRedeliverToOtherConsumerWhenLockExpires() throws Exception {
    try (var fixture = new ShareGroupFixture(kafka, SHORT_LOCK)) {
      fixture.produce("slow-me");
      var holder = fixture.consumer();
      ConsumerRecord<String, String> held = pollOne(holder, Duration.ofSeconds(30));
      Instant heldAt = Instant.now();
      // the holder neither acknowledges nor polls again: a worker that hangs or died

      var other = fixture.consumer();
      ConsumerRecord<String, String> redelivered = pollOne(other, Duration.ofSeconds(30));
      assertThat(redelivered.offset()).isEqualTo(held.offset());
      // at least 2: a stalled holder's background fetcher may take it once more and let that lock lapse too
      assertThat(deliveryCount(redelivered)).isGreaterThanOrEqualTo((short) 2);
      assertThat(Duration.between(heldAt, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
      other.acknowledge(redelivered, AcknowledgeType.ACCEPT);
      other.commitSync();
    }
  }

  @Test
  void shouldKeepLockWhileHolderRenews() throws Exception {
    try (var fixture = new ShareGroupFixture(kafka, SHORT_LOCK)) {
      fixture.produce("renew-me");
      var holder = fixture.consumer();
      ConsumerRecord<String, String> record = pollOne(holder, Duration.ofSeconds(30));
      List<ConsumerRecord<String, String>> stolen = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch holderDone = new CountDownLatch(1);
      Thread thief = Thread.ofPlatform().start(() -> {
        var other = fixture.consumer();
        while (holderDone.getCount() > 0) {
          for (ConsumerRecord<String, String> r : other.poll(ms(100))) {
            stolen.add(r);
            other.acknowledge(r, AcknowledgeType.RELEASE);
          }
        }
      });

      // hold it for three lock durations, renewing every 700 ms
      Instant end = Instant.now().plusSeconds(6);
      ConsumerRecord<String, String> current = record;
      while (Instant.now().isBefore(end)) {
        holder.acknowledge(current, AcknowledgeType.RENEW);
        holder.commitSync();
        Thread.sleep(700);
        // a renewed record comes back from the next poll and must be acknowledged again
        for (ConsumerRecord<String, String> r : holder.poll(ms(100))) {
          current = r;
        }
      }
      holder.acknowledge(current, AcknowledgeType.ACCEPT);
      holder.commitSync();
      holderDone.countDown();
      thief.join(10_000);

      assertThat(stolen).isEmpty();
      assertThat(current.offset()).isEqualTo(record.offset());
      assertThat(deliveryCount(current)).isEqualTo((short) 1);
    }
  }

  @Test
  void shouldArchiveRecordAfterDeliveryCountLimit() throws Exception {
    try (var fixture = new ShareGroupFixture(kafka, SHORT_LOCK)) {
      fixture.produce("poison", "after-poison");
      var consumer = fixture.consumer();
      List<Short> poisonDeliveries = new ArrayList<>();
      boolean sawAfter = false;
      Instant end = Instant.now().plusSeconds(20);
      while (Instant.now().isBefore(end)) {
        for (ConsumerRecord<String, String> r : consumer.poll(ms(200))) {
          if (r.value().equals("poison")) {
            poisonDeliveries.add(deliveryCount(r));
            consumer.acknowledge(r, AcknowledgeType.RELEASE); // it keeps failing
          } else {
            sawAfter = true;
            consumer.acknowledge(r, AcknowledgeType.ACCEPT);
          }
        }
        consumer.commitSync();
        if (sawAfter && poisonDeliveries.size() >= 3) {
          break;
        }
      }
      // the limit (3) is reached; then the record is archived and never delivered again
      Instant quietUntil = Instant.now().plusSeconds(3);
      while (Instant.now().isBefore(quietUntil)) {
        for (ConsumerRecord<String, String> r : consumer.poll(ms(200))) {
          poisonDeliveries.add(deliveryCount(r));
          consumer.acknowledge(r, AcknowledgeType.RELEASE);
        }
        consumer.commitSync();
      }
      assertThat(poisonDeliveries).containsExactly((short) 1, (short) 2, (short) 3);
      assertThat(sawAfter).isTrue();
    }
  }

  private static ConsumerRecord<String, String> pollOne(KafkaShareConsumer<String, String> consumer,
      Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      for (ConsumerRecord<String, String> r : consumer.poll(ms(100))) {
        return r;
      }
    }
    throw new AssertionError("no record within " + timeout);
  }
}
