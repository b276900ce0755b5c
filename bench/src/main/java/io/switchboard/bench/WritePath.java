package io.switchboard.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The write path's mechanism, measured (issue 4, DESIGN.md "Write path"): what a submit costs the
 * coordinator to make its intent and its task envelopes durable, written the way Switchboard writes them
 * (idempotent {@code acks=all} sends, the task topics as the dispatch log) against one Kafka transaction
 * over the same records. Both on the run's broker, for 1 and for 100 envelopes per intent.
 */
final class WritePath {

  private static final int PAYLOAD = 300;

  private final String bootstrap;
  private final String prefix;
  private final Consumer<String> progress;

  WritePath(String bootstrap, String prefix, Consumer<String> progress) {
    this.bootstrap = bootstrap;
    this.prefix = prefix + ".writepath";
    this.progress = progress;
  }

  /** Latencies (ms) of {@code rounds} writes of one intent and {@code envelopes} envelopes, per mechanism. */
  Map<String, double[]> measure(int warmup, int rounds, int envelopes) throws Exception {
    String intents = prefix + ".intents";
    String tasks = prefix + ".tasks";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(intents, Optional.of(1), Optional.empty()),
          new NewTopic(tasks, Optional.of(1), Optional.empty()))).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw e;
      }
    }
    byte[] value = new byte[PAYLOAD];
    Map<String, double[]> out = new HashMap<>();
    try (KafkaProducer<String, byte[]> idempotent = producer(null)) {
      out.put("idempotent", rounds(warmup, rounds, () -> {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        acks.add(idempotent.send(new ProducerRecord<>(intents, "i", value)));
        for (int i = 0; i < envelopes; i++) {
          acks.add(idempotent.send(new ProducerRecord<>(tasks, "t" + i, value)));
        }
        for (Future<RecordMetadata> ack : acks) {
          ack.get();
        }
      }));
    }
    try (KafkaProducer<String, byte[]> transactional = producer("bench-" + UUID.randomUUID())) {
      transactional.initTransactions();
      out.put("transaction", rounds(warmup, rounds, () -> {
        transactional.beginTransaction();
        transactional.send(new ProducerRecord<>(intents, "i", value));
        for (int i = 0; i < envelopes; i++) {
          transactional.send(new ProducerRecord<>(tasks, "t" + i, value));
        }
        transactional.commitTransaction();
      }));
    }
    progress.accept(String.format(java.util.Locale.ROOT, "write path, %d envelope(s): idempotent p50 %.2f ms, "
        + "transaction p50 %.2f ms", envelopes, Percentiles.of(out.get("idempotent"), 50),
        Percentiles.of(out.get("transaction"), 50)));
    return out;
  }

  private KafkaProducer<String, byte[]> producer(String transactionalId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static double[] rounds(int warmup, int rounds, Write write) throws Exception {
    for (int i = 0; i < warmup; i++) {
      write.run();
    }
    long[] nanos = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      write.run();
      nanos[i] = System.nanoTime() - start;
    }
    return Percentiles.millis(nanos);
  }

  @FunctionalInterface
  private interface Write {
    void run() throws Exception;
  }
}
