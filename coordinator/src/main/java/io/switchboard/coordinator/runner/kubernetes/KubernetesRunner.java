package io.switchboard.coordinator.runner.kubernetes;

import io.switchboard.common.model.WorkerInfo;
import io.switchboard.coordinator.runner.RunnerInitializer;
import io.switchboard.coordinator.runner.RunnerLoad;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} initializer: scales the runner's worker Deployment up to what its tasks need
 * ({@code ceil(tasks / concurrency)}, within {@code [minReplicas, maxReplicas]}, never down while tasks
 * remain) and back to {@code minReplicas} after {@code idleMs} without tasks. The Deployment owns the pods:
 * it replaces a dead one, and a coordinator that stops or crashes leaves the replicas for the next one to
 * reconcile. A failed API call is logged and retried after a pause.
 */
final class KubernetesRunner implements RunnerInitializer {

  private static final Logger log = LoggerFactory.getLogger(KubernetesRunner.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final String runner;
  private final KubernetesSettings settings;
  private final ScaleClient client;
  private final Clock clock;
  private Integer replicas;
  private Instant idleSince;
  private Instant retryAt = Instant.MIN;

  KubernetesRunner(String runner, KubernetesSettings settings, ScaleClient client, Clock clock) {
    this.runner = runner;
    this.settings = settings;
    this.client = client;
    this.clock = clock;
  }

  @Override
  public String runner() {
    return runner;
  }

  @Override
  public void reconcile(RunnerLoad load, List<WorkerInfo> live) {
    Instant now = clock.instant();
    if (now.isBefore(retryAt)) {
      return;
    }
    try {
      if (replicas == null) {
        replicas = client.replicas();
        log.info("runner '{}': deployment {}/{} has {} replicas", runner, settings.namespace(),
            settings.deployment(), replicas);
      }
      int target = target(load, now);
      if (target != replicas) {
        client.scale(target);
        log.info("runner '{}': scaled deployment {}/{} from {} to {} replicas ({} waiting, {} running)", runner,
            settings.namespace(), settings.deployment(), replicas, target, load.waiting(), load.running());
        replicas = target;
      }
    } catch (IOException e) {
      replicas = null; // read it again: someone else may have scaled it
      retryAt = now.plus(RETRY);
      log.warn("runner '{}': cannot scale deployment {}/{}: {}; retrying in {} ms", runner, settings.namespace(),
          settings.deployment(), e.getMessage(), RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int target(RunnerLoad load, Instant now) {
    if (load.idle()) {
      idleSince = idleSince == null ? now : idleSince;
      boolean idleLongEnough = !Duration.between(idleSince, now).minus(settings.idle()).isNegative();
      return idleLongEnough ? settings.minReplicas() : replicas;
    }
    idleSince = null;
    int needed = (load.total() + settings.concurrency() - 1) / settings.concurrency();
    int bounded = Math.max(settings.minReplicas(), Math.min(settings.maxReplicas(), needed));
    return Math.max(replicas, bounded);
  }

  /** Leaves the Deployment as it is: its pods finish their tasks; the next coordinator reconciles it. */
  @Override
  public void close() {}
}
