package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard kafka} as a user runs it: a separate process that prints its address first, serves
 * a plain kafka-clients program, stops on SIGTERM, and keeps its data across a restart.
 */
@Timeout(180)
class KafkaCommandProcessTest {

  @Test
  void shouldServePlainClientsAndKeepDataAcrossSigtermRestart(@TempDir Path dir) throws Exception {
    int port = io.switchboard.devkit.FreePorts.pick("127.0.0.1");
    Path dataDir = dir.resolve("kafka");

    Process first = start(port, dataDir);
    String bootstrap = awaitAddress(first);
    assertThat(bootstrap).isEqualTo("127.0.0.1:" + port);
    produce(bootstrap, "hello-0", "hello-1", "hello-2");
    assertThat(consume(bootstrap, 3)).containsExactly("hello-0", "hello-1", "hello-2");

    first.destroy(); // SIGTERM
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();

    Process second = start(port, dataDir);
    try {
      assertThat(awaitAddress(second)).isEqualTo(bootstrap);
      assertThat(consume(bootstrap, 3)).containsExactly("hello-0", "hello-1", "hello-2");
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static Process start(int port, Path dataDir) throws Exception {
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Switchboard.class.getName(),
        "kafka", "--port", Integer.toString(port), "--data-dir", dataDir.toString());
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** The first line on stdout is {@code kafka: HOST:PORT}. */
  private static String awaitAddress(Process process) throws Exception {
    var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    assertThat(line).as("first line of switchboard kafka").startsWith("kafka: ");
    Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { })); // keep the pipe drained
    return line.substring("kafka: ".length()).strip();
  }

  private static void produce(String bootstrap, String... values) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
        new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>("switchboard.events", value)).get();
      }
    }
  }

  private static List<String> consume(String bootstrap, int expected) {
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "group.id", "plain-" + System.nanoTime(),
        "auto.offset.reset", "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("switchboard.events"));
      long end = System.currentTimeMillis() + 60_000;
      while (values.size() < expected && System.currentTimeMillis() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
