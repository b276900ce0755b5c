package io.switchboard.client.sdk;

import io.switchboard.common.model.ContextScope;
import io.switchboard.common.model.ExecutorHint;
import io.switchboard.common.model.ToolPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How an SDK call runs its steps. Immutable; start from {@link #defaults()} and change what you
 * need: {@code Options.defaults().withMaxParallel(4).withFailFast(true)}.
 *
 * @param maxParallel at most this many steps of the call run at once, the rest queue; null for no
 *     limit. {@code parallel} and {@code parallelResumable} leave it to the coordinator (the agents
 *     never see more); {@code pipeline} bounds the steps in flight across its items.
 * @param failFast {@code parallel}: the first failed step cancels the others
 * @param context what the steps see of the parent's context; null for the coordinator's default
 *     ({@code independent})
 * @param executor where the steps should run; null for {@code auto}
 * @param tools which of the parent's tools the steps may use; null for {@code inherit}
 * @param timeout how long a call waits for its steps, riding out coordinator restarts, before it
 *     throws {@link WaitTimeoutException} (the work goes on)
 */
public record Options(
    Integer maxParallel,
    boolean failFast,
    ContextScope context,
    ExecutorHint executor,
    ToolPolicy tools,
    Duration timeout) {

  /** The default wait: one hour. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  public Options {
    if (maxParallel != null && maxParallel < 1) {
      throw new IllegalArgumentException("maxParallel must be >= 1, got " + maxParallel);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
  }

  /** No concurrency limit, no fail-fast, the coordinator's defaults, a one-hour wait. */
  public static Options defaults() {
    return new Options(null, false, null, null, null, DEFAULT_TIMEOUT);
  }

  /** The same options with at most {@code limit} steps at once (null: no limit). */
  public Options withMaxParallel(Integer limit) {
    return new Options(limit, failFast, context, executor, tools, timeout);
  }

  /** The same options with fail-fast on or off. */
  public Options withFailFast(boolean on) {
    return new Options(maxParallel, on, context, executor, tools, timeout);
  }

  /** The same options with another context scope. */
  public Options withContext(ContextScope scope) {
    return new Options(maxParallel, failFast, scope, executor, tools, timeout);
  }

  /** The same options with another executor hint. */
  public Options withExecutor(ExecutorHint hint) {
    return new Options(maxParallel, failFast, context, hint, tools, timeout);
  }

  /** The same options with another tool policy. */
  public Options withTools(ToolPolicy policy) {
    return new Options(maxParallel, failFast, context, executor, policy, timeout);
  }

  /** The same options with another wait timeout. */
  public Options withTimeout(Duration wait) {
    return new Options(maxParallel, failFast, context, executor, tools, wait);
  }
}
