package io.switchboard.common.kafka;

import io.switchboard.common.config.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients every Switchboard process makes, configured in one place: the user's pass-through
 * properties first, then what Switchboard's guarantees need (idempotent {@code acks=all} producers,
 * explicit acknowledgement for share consumers). Keys are strings (task keys, invocation ids); values
 * are the JSON bytes of a wire record.
 */
public final class KafkaClients {

  /**
   * How long the broker may hold a fetch that finds nothing. A fetch returns as soon as a record
   * arrives ({@code fetch.min.bytes=1}), so this costs no latency; a short wait only makes every idle
   * consumer ask again and again (at 10 ms, an idle cluster kept the broker at 90% of a core).
   */
  static final int FETCH_MAX_WAIT_MS = 500;

  /**
   * Share fetches wait as long. A share consumer's client keeps such a fetch open in the background, so a
   * stopping worker closes its free lanes before it hands a task back (otherwise one of them takes the
   * task again and each hand-back raises its delivery count; see the worker's close).
   */
  static final int SHARE_FETCH_MAX_WAIT_MS = 500;

  /**
   * How long the broker may hold a fetch of a reader that reads up to an end it knows: not long. A reader
   * that reached its end still has a fetch in flight, and the broker answers a connection's requests in
   * order, so that reader's next request (the next topic's metadata or end offsets) waited behind it: up to
   * {@link #FETCH_MAX_WAIT_MS} at each of a recovery's topics.
   */
  static final int SNAPSHOT_FETCH_MAX_WAIT_MS = 10;

  private final KafkaSettings settings;

  public KafkaClients(KafkaSettings settings) {
    this.settings = settings;
  }

  public KafkaSettings settings() {
    return settings;
  }

  /** Base properties: pass-through, bootstrap and a client id. */
  public Map<String, Object> base(String clientId) {
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /**
   * An idempotent producer that waits for every in-sync replica: a record acknowledged to Switchboard
   * survives a broker crash (neither can be changed). {@code linger.ms=0}: a lone send leaves at once (W1
   * 1-2 ms faster than with a linger of 1, and the same throughput: sends made while a request is in flight
   * batch up anyway; docs/performance.md, round 5). No compression: Switchboard's records are small JSON
   * sent in small batches, where lz4 saved few bytes but cost a 64 KB buffer per batch and the broker's
   * decompression (W1 ~0.6 ms faster without, round 6); on a slow network set {@code compression.type}.
   * Both can be set with {@code --kafka-property}.
   */
  public KafkaProducer<String, byte[]> producer(String clientId) {
    Map<String, Object> props = base(clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** A plain consumer with no group, for reading topics by assignment (views, control, events). */
  public KafkaConsumer<String, byte[]> assignedConsumer(String clientId) {
    return assignedConsumer(clientId, new ByteArrayDeserializer());
  }

  /** {@link #assignedConsumer(String)} whose record values {@code values} reads (e.g. to skip some). */
  public KafkaConsumer<String, byte[]> assignedConsumer(String clientId, Deserializer<byte[]> values) {
    return assignedConsumer(clientId, values, FETCH_MAX_WAIT_MS);
  }

  /**
   * {@link #assignedConsumer(String, Deserializer)} for reading topics up to their end offsets, one after
   * another (a recovery): a fetch that finds nothing comes back within {@link #SNAPSHOT_FETCH_MAX_WAIT_MS}.
   */
  public KafkaConsumer<String, byte[]> snapshotConsumer(String clientId, Deserializer<byte[]> values) {
    return assignedConsumer(clientId, values, SNAPSHOT_FETCH_MAX_WAIT_MS);
  }

  private KafkaConsumer<String, byte[]> assignedConsumer(String clientId, Deserializer<byte[]> values,
      int fetchMaxWaitMs) {
    Map<String, Object> props = base(clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return new KafkaConsumer<>(props, new StringDeserializer(), values);
  }

  /**
   * A share consumer of {@code groupId} in explicit acknowledgement mode that takes at most
   * {@code maxRecords} records per poll (record_limit: no prefetch beyond what it will run).
   */
  public KafkaShareConsumer<String, byte[]> shareConsumer(String clientId, String groupId, int maxRecords) {
    Map<String, Object> props = base(clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put("share.acknowledgement.mode", "explicit");
    props.put("share.acquire.mode", "record_limit");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, SHARE_FETCH_MAX_WAIT_MS);
    return new KafkaShareConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  public Admin admin(String clientId) {
    return Admin.create(base(clientId));
  }
}
