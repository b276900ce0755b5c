package io.switchboard.common.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Switchboard's topics and configures its share groups through the Admin API. Idempotent: a
 * topic that already exists is left as it is, so every process may provision on start.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;

  public TopicProvisioner(Admin admin) {
    this.admin = admin;
  }

  /** Creates every topic of {@code specs} that does not exist yet. */
  public void ensureTopics(List<TopicSpec> specs) {
    List<NewTopic> requests = new ArrayList<>();
    for (TopicSpec spec : specs) {
      requests.add(spec.toNewTopic());
    }
    var result = admin.createTopics(requests);
    for (var entry : result.values().entrySet()) {
      try {
        entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        log.info("created topic {}", entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted creating topic " + entry.getKey(), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating topic " + entry.getKey(), e);
      }
    }
  }

  /**
   * Makes a share group start at the earliest record (share groups start at {@code latest}), leaving its
   * other configs to whoever owns them (the coordinator sets lock and delivery limit).
   */
  public void startAtEarliest(String groupId) {
    alter(groupId, Map.of("share.auto.offset.reset", "earliest"));
  }

  /** Sets the group-level configs of a share group; works before the group exists. */
  public void configureShareGroup(String groupId, ShareGroupSettings settings) {
    alter(groupId, settings.configs());
  }

  private void alter(String groupId, Map<String, String> configs) {
    var resource = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    List<AlterConfigOp> ops = new ArrayList<>();
    for (Map.Entry<String, String> c : configs.entrySet()) {
      ops.add(new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET));
    }
    try {
      admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted configuring share group " + groupId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot configure share group " + groupId, e);
    }
  }
}
