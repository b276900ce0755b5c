package io.switchboard.worker.internal.consume;

import io.switchboard.worker.internal.run.TaskRunner;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer of a runner's task topic on its own platform thread, holding at most its
 * {@code max.poll.records} tasks. The records of a poll run at once on virtual threads; the lane then
 * waits until one of them is finished (its result journaled) or their locks are half used up, and
 * acknowledges every record it holds: the finished ones with their verdict (ACCEPT, RELEASE, REJECT),
 * the running ones with RENEW, which keeps their locks. Kafka hands a renewed record back from the next
 * poll; the lane recognises it and keeps waiting for its task.
 *
 * <p>A lane that holds records takes no new ones: whatever its client fetched meanwhile would stay out
 * of sight, behind the renewed records, until they are settled. So renewals are sent synchronously (a
 * poll made while one is on its way fetches), and an idle lane polls once a second rather than ten
 * times (each poll may start a fetch, and one that starts just as a record lands fetches a second
 * record the lane cannot see: rare now, and that record waits for its lock to lapse at worst). A
 * record that surfaces after such a stretch may have waited in the client for longer than its lock
 * lasts: it is renewed before its task starts, and not run if the renewal fails.
 *
 * <p>When the worker stops, new records are RELEASEd at once and the lane ends when it holds nothing;
 * when it is abandoned (the stop timed out) it RELEASEs what it holds and ends.
 */
public final class Lane implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Lane.class);
  /**
   * An idle lane waits this long in a poll; {@link #wake} cuts it short. Each poll may start a fetch, and
   * one that starts just as a record lands fetches a second record the lane cannot see behind the first.
   */
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);
  /** A lane that holds records polls only for their renewals, which are back at once. */
  private static final Duration BUSY_POLL = Duration.ofMillis(100);
  private static final long DEFAULT_LOCK_MS = 30_000;
  private static final Duration RENEW_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final ShareConsumer<String, byte[]> consumer;
  private final String topic;
  private final TaskRunner runner;
  private final ExecutorService tasks;
  private final BooleanSupplier stopping;
  private final BooleanSupplier abandoned;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final Map<RecordId, Held> held = new LinkedHashMap<>();
  private final Settled settled;
  private final PollClock clock = new PollClock(BUSY_POLL);
  private volatile boolean holding;

  public Lane(String name, ShareConsumer<String, byte[]> consumer, String topic, TaskRunner runner,
      ExecutorService tasks, Settled settled, BooleanSupplier stopping, BooleanSupplier abandoned) {
    this.settled = settled;
    this.name = name;
    this.consumer = consumer;
    this.topic = topic;
    this.runner = runner;
    this.tasks = tasks;
    this.stopping = stopping;
    this.abandoned = abandoned;
  }

  /** Waits until the lane subscribed to its topic. */
  public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
    return subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic));
      subscribed.countDown();
      log.debug("{}: consuming {}", name, topic);
      while (!abandoned.getAsBoolean() && !(stopping.getAsBoolean() && held.isEmpty())) {
        try {
          step();
        } catch (RuntimeException e) {
          log.error("{}: unexpected error; going on", name, e);
          sleepQuietly(1_000);
        }
      }
      releaseAll();
    } catch (RuntimeException e) {
      log.error("{}: stopped by an unexpected error", name, e);
    } finally {
      subscribed.countDown();
      close();
    }
  }

  private void step() {
    if (pollsNext()) {
      try {
        // a record may have been locked for us any time during the poll: time its lock from before it
        long pollStartedAt = System.nanoTime();
        long lockedFrom = clock.pollStarts(pollStartedAt, !held.isEmpty());
        Duration timeout = held.isEmpty() ? IDLE_POLL : BUSY_POLL;
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        long returnedAt = System.nanoTime();
        clock.pollReturned(returnedAt, !records.isEmpty(), timeout, lockNanos());
        if (clock.settlingAfterStall(returnedAt) && !records.isEmpty()) {
          handBackAfterStall(records, clock.stallNanos());
        } else {
          take(records, lockedFrom);
        }
      } catch (WakeupException e) {
        return; // the worker stops: the loop sees it
      } catch (InterruptException e) {
        Thread.interrupted();
        return;
      } catch (RuntimeException e) {
        log.warn("{}: poll failed: {}", name, e.toString());
        sleepQuietly(1_000);
        return;
      }
    } else {
      consumer.commitAsync(); // the worker stops and no poll will carry the verdicts given since the last one
    }
    dropLost();
    holding = !held.isEmpty();
    awaitProgress();
    acknowledge();
    holding = !held.isEmpty();
  }

  /** Cuts an idle poll short (the worker stops). Any thread. */
  public void wake() {
    consumer.wakeup();
  }

  /** Whether the lane holds a record whose task runs (or ran and is not acknowledged yet). Any thread. */
  public boolean holding() {
    return holding;
  }

  private void take(ConsumerRecords<String, byte[]> records, long lockedFrom) {
    boolean mayHaveExpired = System.nanoTime() - lockedFrom > lockNanos() * 2 / 3;
    int renewedFirst = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (seenBefore(record)) {
        continue;
      }
      if (stopping.getAsBoolean()) {
        consumer.acknowledge(record, AcknowledgeType.RELEASE);
        continue;
      }
      if (mayHaveExpired) {
        // run it only if it is still ours: renewed now, started when it comes back
        consumer.acknowledge(record, AcknowledgeType.RENEW);
        held.put(RecordId.of(record), Held.renewedUnstarted(record, System.nanoTime()));
        renewedFirst++;
      } else {
        held.put(RecordId.of(record), new Held(record, start(record), lockedFrom));
      }
    }
    if (renewedFirst > 0) {
      log.debug("{}: {} records may have waited in the client past their locks; renewing them first", name,
          renewedFirst);
      renewNow(renewedFirst);
    }
  }

  /**
   * Handles a record this worker met before: a renewed one handed back (its task goes on), or a copy of
   * one it settled (its task ran here and its result is journaled: settled the same way, never run again).
   *
   * @return false for a record new to the worker
   */
  private boolean seenBefore(ConsumerRecord<String, byte[]> record) {
    RecordId id = RecordId.of(record);
    Held known = held.get(id);
    if (known != null) {
      known.returned(record);
      log.trace("{}: {} came back after its renewal", name, id);
      if (!known.started()) {
        startRenewed(known);
      }
      return true;
    }
    AcknowledgeType verdict = settled.verdictOf(id);
    if (verdict != null) {
      log.debug("{}: {} came back after it was settled ({}); settling it again without running it", name, id,
          verdict);
      consumer.acknowledge(record, verdict);
      return true;
    }
    return false;
  }

  /**
   * The lane did not poll for longer than a lock can last (a pause of the whole process: GC, SIGSTOP, an
   * overloaded machine). Records its client buffered before the pause may have lost their locks and run
   * elsewhere already: new ones are handed back (RELEASE) rather than run; renewed ones go on.
   */
  private void handBackAfterStall(ConsumerRecords<String, byte[]> records, long gapNanos) {
    int released = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      Held known = held.get(RecordId.of(record));
      if (known != null && !known.started()) {
        held.remove(known.id()); // renewed before the stall, never started: not run after it either
        consumer.acknowledge(record, AcknowledgeType.RELEASE);
        released++;
      } else if (!seenBefore(record)) {
        consumer.acknowledge(record, AcknowledgeType.RELEASE);
        released++;
      }
    }
    if (released > 0) {
      log.warn("{}: stalled for {} ms (longer than its locks may last); handed back {} records fetched "
          + "before the stall", name, TimeUnit.NANOSECONDS.toMillis(gapNanos), released);
      consumer.commitAsync();
    }
  }

  /** A record renewed before its start came back: it is ours, its task starts (unless the worker stops). */
  private void startRenewed(Held known) {
    if (stopping.getAsBoolean()) {
      consumer.acknowledge(known.record(), AcknowledgeType.RELEASE);
      held.remove(known.id());
    } else {
      known.start(start(known.record()));
    }
  }

  private CompletableFuture<AcknowledgeType> start(ConsumerRecord<String, byte[]> record) {
    try {
      return CompletableFuture.supplyAsync(() -> runner.handle(record), tasks);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
    }
  }

  /** Waits until a held record's task finished, its lock needs renewing, or the lane is abandoned. */
  private void awaitProgress() {
    List<Held> waiting = held.values().stream().filter(h -> !h.awaitingReturn()).toList();
    if (!waiting.isEmpty()) {
      // renew at a third of the lock: under load a lock may have started well before the record reached us
      long renewAt = waiting.stream().mapToLong(Held::lockedAt).min().orElseThrow() + lockNanos() / 3;
      TaskWait.untilProgress(waiting, renewAt, abandoned);
    }
  }

  /** Acknowledges every record handed to the lane by the last poll: finished → verdict, else RENEW. */
  private void acknowledge() {
    int renewed = 0;
    long now = System.nanoTime();
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.awaitingReturn()) {
        continue;
      }
      try {
        if (h.outcome().isDone()) {
          AcknowledgeType verdict = verdict(h);
          consumer.acknowledge(h.record(), verdict);
          settled.remember(h.id(), verdict);
          it.remove();
        } else {
          consumer.acknowledge(h.record(), AcknowledgeType.RENEW);
          h.renewed(now);
          renewed++;
        }
      } catch (RuntimeException e) {
        // cannot acknowledge it (should not happen): let its lock expire so it is redelivered
        log.warn("{}: cannot acknowledge {}: {}", name, h.id(), e.toString());
        it.remove();
      }
    }
    if (renewed > 0) {
      renewNow(renewed);
    }
    // else the next poll carries the verdicts on its fetch (one request to the broker instead of two); a lane
    // that will not poll sends them at its next step, or its close does
  }

  /** Whether the lane's next step polls (it does unless the worker stops and no renewal is due back). */
  private boolean pollsNext() {
    return !stopping.getAsBoolean() || held.values().stream().anyMatch(Held::awaitingReturn);
  }

  /**
   * Sends the acknowledgements with the RENEWs and waits for the broker's answer. A poll made while a
   * renewal is still on its way makes the share consumer fetch new records, and it keeps them out of
   * sight until the renewed records are settled: a busy lane would park new tasks behind its long one
   * (until their locks ran out) while other lanes sat idle. One round trip per renewal, which comes once
   * per third of a lock for a long task, or once per batch whose tasks did not all finish together.
   */
  private void renewNow(int renewed) {
    try {
      consumer.commitSync(RENEW_TIMEOUT).forEach((partition, error) -> error.ifPresent(e ->
          log.warn("{}: acknowledging on {} failed: {}", name, partition, e.toString())));
      log.debug("{}: renewed the locks of {} tasks", name, renewed);
    } catch (InterruptException e) {
      Thread.interrupted();
    } catch (WakeupException e) {
      // the worker stops; the acknowledgements are on their way
    } catch (RuntimeException e) {
      log.warn("{}: renewing the locks of {} tasks failed: {}", name, renewed, e.toString());
    }
  }

  /** A renewed record that did not come back within a lock duration was lost to another consumer. */
  private void dropLost() {
    long now = System.nanoTime();
    held.values().removeIf(h -> {
      boolean lost = h.awaitingReturn() && now - h.lockedAt() > lockNanos();
      if (lost && h.started()) {
        log.warn("{}: the lock of {} was lost; its task may run elsewhere", name, h.id());
      } else if (lost) {
        log.info("{}: {} had lost its lock before it reached the lane; not run here", name, h.id());
      }
      return lost;
    });
  }

  private AcknowledgeType verdict(Held h) {
    try {
      return h.outcome().getNow(AcknowledgeType.RELEASE);
    } catch (RuntimeException e) {
      log.error("{}: handling {} failed; releasing it", name, h.id(), e);
      return AcknowledgeType.RELEASE;
    }
  }

  private void releaseAll() {
    boolean any = false;
    for (Held h : held.values()) {
      if (!h.awaitingReturn()) {
        consumer.acknowledge(h.record(), h.outcome().isDone() ? verdict(h) : AcknowledgeType.RELEASE);
        any = true;
      }
    }
    held.clear();
    if (any) {
      consumer.commitAsync();
    }
  }

  private long lockNanos() {
    long ms;
    try {
      ms = consumer.acquisitionLockTimeoutMs().map(Integer::longValue).orElse(DEFAULT_LOCK_MS);
    } catch (RuntimeException e) {
      ms = DEFAULT_LOCK_MS;
    }
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private void close() {
    try {
      consumer.commitSync(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.debug("{}: final commit failed: {}", name, e.toString());
    }
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.debug("{}: close failed: {}", name, e.toString());
    }
    log.debug("{}: closed", name);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.interrupted();
    }
  }
}
