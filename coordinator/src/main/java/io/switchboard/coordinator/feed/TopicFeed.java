package io.switchboard.coordinator.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on its own thread, from the beginning or from the end, and hands
 * each batch to a handler. A handler that throws is logged and the loop goes on: one bad batch never
 * stops a feed. {@link #awaitCaughtUp} tells when the records that existed at start have been handled.
 */
public final class TopicFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);

  /** Where a feed starts reading. */
  public enum Start { BEGINNING, END }

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final Start start;
  private final Consumer<List<ConsumerRecord<String, byte[]>>> handler;
  private final Map<TopicPartition, Long> from;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  public TopicFeed(KafkaConsumer<String, byte[]> consumer, String topic, Start start,
      Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
    this(consumer, topic, start, Map.of(), handler);
  }

  /** A feed that starts at {@code from} for the partitions it names, at {@code start} for the others. */
  public TopicFeed(KafkaConsumer<String, byte[]> consumer, String topic, Start start,
      Map<TopicPartition, Long> from, Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
    this.consumer = consumer;
    this.topic = topic;
    this.start = start;
    this.from = Map.copyOf(from);
    this.handler = handler;
    this.thread = Thread.ofPlatform().name("feed-" + topic).unstarted(this::loop);
  }

  public TopicFeed start() {
    thread.start();
    return this;
  }

  /** Waits until every record present when the feed started has been handled. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void loop() {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        if (from.containsKey(tp)) {
          consumer.seek(tp, from.get(tp));
        } else if (start == Start.END) {
          consumer.seekToEnd(List.of(tp));
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
      boolean behind = start == Start.BEGINNING && endAtStart.values().stream().anyMatch(o -> o > 0);
      if (!behind) {
        caughtUp.countDown();
      }
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
          List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
          records.forEach(batch::add);
          try {
            handler.accept(batch);
          } catch (RuntimeException e) {
            log.error("feed {} failed to handle a batch of {}: {}", topic, batch.size(), e.toString(), e);
          }
        }
        if (caughtUp.getCount() > 0 && reached(endAtStart)) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("feed {} stopped: {}", topic, e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
