package io.switchboard.coordinator.dispatch;

import io.switchboard.common.topic.ShareGroupSettings;
import io.switchboard.common.topic.TopicLayout;
import io.switchboard.common.topic.TopicProvisioner;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a runner's task topic and share group exist before its first task is sent. A runner is
 * provisioned once per coordinator life; provisioning is idempotent, so a race is harmless.
 */
public final class RunnerTopics {

  private final TopicProvisioner provisioner;
  private final TopicLayout layout;
  private final ShareGroupSettings shareGroups;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  public RunnerTopics(TopicProvisioner provisioner, TopicLayout layout, ShareGroupSettings shareGroups) {
    this.provisioner = provisioner;
    this.layout = layout;
    this.shareGroups = shareGroups;
  }

  /** Whether {@code runner}'s topic and share group are known to exist: {@link #ensure} returns at once. */
  public boolean isReady(String runner) {
    return ready.contains(runner);
  }

  /** Blocks until {@code runner}'s topic and share group exist. */
  public void ensure(String runner) {
    if (ready.contains(runner)) {
      return;
    }
    provisioner.ensureTopics(List.of(layout.taskTopic(runner)));
    provisioner.configureShareGroup(layout.topics().shareGroup(runner), shareGroups);
    ready.add(runner);
  }
}
