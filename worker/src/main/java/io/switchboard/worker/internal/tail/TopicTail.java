package io.switchboard.worker.internal.tail;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on a named platform thread, without a consumer group, and hands
 * each record to a handler: the worker's view of {@code <p>.control} and {@code <p>.registry}. A
 * handler that throws is logged and the loop goes on. {@link #awaitCaughtUp} tells when the records
 * that existed at start have been handled.
 */
public final class TopicTail implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /** Where reading starts. */
  public sealed interface StartAt {
    /** From the first record kept. */
    record Beginning() implements StartAt {}

    /** From the first record written within {@code window} before the start. */
    record Within(Duration window) implements StartAt {}
  }

  private final String name;
  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final String topic;
  private final StartAt startAt;
  private final Consumer<ConsumerRecord<String, byte[]>> handler;
  private final Clock clock;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  public TopicTail(String name, org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, String topic,
      StartAt startAt, Consumer<ConsumerRecord<String, byte[]>> handler, Clock clock) {
    this.name = name;
    this.consumer = consumer;
    this.topic = topic;
    this.startAt = startAt;
    this.handler = handler;
    this.clock = clock;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Waits until the records present at start were handled; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      Map<TopicPartition, Long> target = position();
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          handle(record);
        }
        if (caughtUp.getCount() > 0 && reached(target)) {
          log.debug("{}: caught up with {}", name, topic);
          caughtUp.countDown();
        }
      }
    } catch (WakeupException | InterruptException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("{}: stopped reading {}", name, topic, e);
    } finally {
      caughtUp.countDown();
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        log.debug("{}: close failed: {}", name, e.toString());
      }
    }
  }

  /** Assigns every partition and seeks to the start; returns the end offsets at start. */
  private Map<TopicPartition, Long> position() {
    List<TopicPartition> partitions = partitions();
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
    switch (startAt) {
      case StartAt.Beginning beginning -> consumer.seekToBeginning(partitions);
      case StartAt.Within within -> {
        long since = clock.millis() - within.window().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
          OffsetAndTimestamp at = found.get(p);
          consumer.seek(p, at == null ? ends.get(p) : at.offset());
        }
      }
    }
    return ends;
  }

  private List<TopicPartition> partitions() {
    while (running) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        }
        log.warn("{}: topic {} does not exist yet; waiting for it", name, topic);
      } catch (WakeupException | InterruptException e) {
        throw e;
      } catch (RuntimeException e) {
        log.warn("{}: cannot find the partitions of {}: {}", name, topic, e.toString());
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
    }
    throw new WakeupException();
  }

  private boolean reached(Map<TopicPartition, Long> target) {
    for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    try {
      handler.accept(record);
    } catch (RuntimeException e) {
      log.warn("{}: cannot handle {}-{}@{}: {}", name, record.topic(), record.partition(), record.offset(),
          e.toString());
    }
  }

  /** Stops reading and closes the consumer. */
  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
