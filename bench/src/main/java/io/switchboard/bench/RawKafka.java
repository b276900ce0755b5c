package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The floor under every Switchboard figure, on the same broker (kafka-notes.md §4): a client produces
 * 300-byte JSON requests to {@code req}, {@link RawEcho} takes them from a share group and produces them
 * to {@code rep}, the client reads {@code rep} with a plain consumer ({@code fetch.max.wait.ms=10}).
 */
final class RawKafka {

  private final String bootstrap;
  private final String prefix;
  private final Consumer<String> progress;

  RawKafka(String bootstrap, String prefix, Consumer<String> progress) {
    this.bootstrap = bootstrap;
    this.prefix = prefix + ".raw";
    this.progress = progress;
  }

  /** Round trips one at a time: {@code warmup} unmeasured, then {@code count} measured. */
  double[] roundTrips(int warmup, int count) throws Exception {
    String req = prefix + ".rr.req";
    String rep = prefix + ".rr.rep";
    createTopicsAndGroup(req, rep, prefix + ".rr.echo");
    double[] measured = new double[count];
    try (RawEcho echo = new RawEcho(bootstrap, prefix + ".rr.echo", req, rep, 0);
        KafkaProducer<String, byte[]> producer = RawEcho.producer(bootstrap, prefix + ".rr.client", 0);
        KafkaConsumer<String, byte[]> replies = replyConsumer(rep)) {
      for (int i = 0; i < warmup + count; i++) {
        String key = Integer.toString(i);
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(req, key, payload(i)));
        awaitReply(replies, key, i == 0 ? Duration.ofSeconds(60) : Duration.ofSeconds(30));
        if (i >= warmup) {
          measured[i - warmup] = (System.nanoTime() - t0) / 1_000_000.0;
        }
      }
    }
    return measured;
  }

  /**
   * {@code total} requests with at most {@code window} in flight, after warm-up rounds of a tenth as many
   * until the JIT of {@code pids} is quiet ({@link Warmup}); replies per second from the first measured send
   * to the last reply, and the CPU each of {@code pids} spent per reply meanwhile.
   */
  Pipelined pipelined(int total, int window, Map<String, Long> pids, Duration warmupBudget) throws Exception {
    String req = prefix + ".pipe.req";
    String rep = prefix + ".pipe.rep";
    createTopicsAndGroup(req, rep, prefix + ".pipe.echo");
    try (RawEcho echo = new RawEcho(bootstrap, prefix + ".pipe.echo", req, rep, 1);
        KafkaProducer<String, byte[]> producer = RawEcho.producer(bootstrap, prefix + ".pipe.client", 1);
        KafkaConsumer<String, byte[]> replies = replyConsumer(rep)) {
      int warmup = Math.max(1000, total / 10);
      int[] rounds = {0};
      Warmup.untilCompiled("raw pipelined", pids, () -> {
        windowed(producer, replies, req, 10_000_000 + warmup * rounds[0]++, warmup, window);
        return null;
      }, warmupBudget, progress);
      CpuUse cpu = CpuUse.start(pids);
      long t0 = System.nanoTime();
      windowed(producer, replies, req, 1_000_000, total, window);
      return new Pipelined(total / Elapsed.secondsSince(t0), cpu.microsPerTask(total));
    }
  }

  /** Replies per second, and the microseconds of CPU each process spent per reply. */
  record Pipelined(double repliesPerSecond, Map<String, Double> cpuMicrosPerReply) {}

  private void windowed(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> replies, String req,
      int firstId, int count, int window) throws Exception {
    Semaphore inFlight = new Semaphore(window);
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread sender = Thread.ofPlatform().name("raw-sender").start(() -> {
      try {
        for (int i = 0; i < count && failed.get() == null; i++) {
          while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
            if (failed.get() != null) {
              return;
            }
          }
          producer.send(new ProducerRecord<>(req, Integer.toString(firstId + i), payload(firstId + i)), (m, e) -> {
            if (e != null) {
              failed.compareAndSet(null, e);
            }
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    int received = 0;
    long lastProgress = System.nanoTime();
    try {
      while (received < count) {
        int got = 0;
        for (ConsumerRecord<String, byte[]> reply : replies.poll(Duration.ofMillis(100))) {
          int id = Integer.parseInt(reply.key());
          if (id >= firstId && id < firstId + count) {
            got++;
          }
        }
        if (got > 0) {
          received += got;
          inFlight.release(got);
          lastProgress = System.nanoTime();
        } else if (Elapsed.secondsSince(lastProgress) > 60) {
          throw new IllegalStateException("no raw reply for 60 s after " + received + " of " + count);
        }
        if (failed.get() != null) {
          throw new IllegalStateException("raw send failed", failed.get());
        }
      }
    } finally {
      failed.compareAndSet(null, new InterruptedException("stopped"));
      sender.join(10_000);
    }
  }

  private static void awaitReply(KafkaConsumer<String, byte[]> replies, String key, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> reply : replies.poll(Duration.ofMillis(100))) {
        if (key.equals(reply.key())) {
          return;
        }
      }
    }
    throw new IllegalStateException("no raw reply to request " + key + " within " + timeout);
  }

  /** A 300-byte JSON request. */
  static byte[] payload(int id) {
    String head = "{\"id\":" + id + ",\"pad\":\"";
    StringBuilder json = new StringBuilder(Sizes.PAYLOAD_BYTES).append(head);
    while (json.length() < Sizes.PAYLOAD_BYTES - 2) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private KafkaConsumer<String, byte[]> replyConsumer(String topic) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, topic + "-reader",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
        new StringDeserializer(), new ByteArrayDeserializer());
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    consumer.position(partition);
    return consumer;
  }

  /** One-partition request and reply topics, and a share group that starts at the earliest request. */
  private void createTopicsAndGroup(String req, String rep, String group) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(req, 1, (short) 1), new NewTopic(rep, 1, (short) 1)))
          .all().get(30, TimeUnit.SECONDS);
      var resource = new ConfigResource(ConfigResource.Type.GROUP, group);
      var op = new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
    }
    progress.accept("raw topics " + req + ", " + rep + " and share group " + group + " ready");
  }
}
