package io.switchboard.devkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The server.properties of a single-node KRaft broker (combined broker + controller, node 1) sized for
 * one machine: internal topics at replication factor 1, no topic auto-creation, share groups allowed
 * short locks so tests can watch redelivery. kafka-notes.md §2 explains every line.
 */
public final class BrokerProperties {

  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  public static final int NODE_ID = 1;

  private BrokerProperties() {}

  public static Properties of(String host, int brokerPort, int controllerPort, Path logDir, Duration minLock) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // one node cannot satisfy the default replication factor 3 / min.isr 2 of internal topics
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("group.share.min.record.lock.duration.ms", Long.toString(minLock.toMillis()));
    // a share consumer gets its first assignment on a heartbeat: 1 s instead of 5 s starts workers faster
    p.put("group.share.min.heartbeat.interval.ms", "1000");
    p.put("group.share.heartbeat.interval.ms", "1000");
    // compaction of the journal topics should run on a single-node dev box too
    p.put("log.cleaner.backoff.ms", "5000");
    return p;
  }
}
