package io.switchboard.coordinator.executor;

import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this coordinator runs a local executor, and starting it: on when {@code local-executor-concurrency}
 * is above 0 and a {@link LocalExecutorFactory} is on the class path.
 */
public final class LocalExecutor {

  private static final Logger log = LoggerFactory.getLogger(LocalExecutor.class);

  /** No local executor: every target resolved to {@code local} is refused. */
  public static final LocalExecutor OFF = new LocalExecutor(null, 0);

  private final LocalExecutorFactory factory;
  private final int concurrency;

  private LocalExecutor(LocalExecutorFactory factory, int concurrency) {
    this.factory = factory;
    this.concurrency = concurrency;
  }

  /** The local executor of {@code concurrency} (0 = off), made by the first factory found. */
  public static LocalExecutor find(int concurrency) {
    if (concurrency < 1) {
      log.info("local executor off (local-executor-concurrency 0)");
      return OFF;
    }
    List<LocalExecutorFactory> found = ServiceLoader.load(LocalExecutorFactory.class, LocalExecutor.class
        .getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    if (found.isEmpty()) {
      log.info("local executor off: no {} on the class path", LocalExecutorFactory.class.getSimpleName());
      return OFF;
    }
    return new LocalExecutor(found.get(0), concurrency);
  }

  /** An executor made by {@code factory} (for tests and embedding). */
  public static LocalExecutor of(LocalExecutorFactory factory, int concurrency) {
    return concurrency < 1 ? OFF : new LocalExecutor(factory, concurrency);
  }

  public boolean isOn() {
    return factory != null;
  }

  public int concurrency() {
    return concurrency;
  }

  /** Starts it; {@code settings} carries this executor's concurrency. Call only when {@link #isOn}. */
  public AutoCloseable start(LocalExecutorSettings settings) throws Exception {
    AutoCloseable started = factory.start(settings);
    log.info("local executor started: {} tasks at once", settings.concurrency());
    return started;
  }
}
