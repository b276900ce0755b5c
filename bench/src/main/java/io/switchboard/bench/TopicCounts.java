package io.switchboard.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How many records a topic holds (latest minus earliest offset over its partitions), read with Admin. */
final class TopicCounts implements AutoCloseable {

  private final Admin admin;

  TopicCounts(String bootstrap) {
    this.admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
  }

  long records(String topic) throws Exception {
    var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(topic);
    var partitions = description.partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    return sum(partitions, OffsetSpec.latest()) - sum(partitions, OffsetSpec.earliest());
  }

  private long sum(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
    return offsets.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
  }

  @Override
  public void close() {
    admin.close();
  }
}
