package io.switchboard.coordinator.executor;

/**
 * Starts the local executor: what runs the tasks resolved to {@code local} inside the coordinator's
 * process, taking them from the local route's task topic ({@code <p>.tasks.local}) and journaling their
 * results to {@code <p>.results} like any worker, so recovery, replay, cancel, timeouts and supervisors
 * treat a local task exactly as a remote one.
 *
 * <p>Found with {@link java.util.ServiceLoader}: the coordinator and the worker never depend on each other,
 * so the implementation (the worker's own engine, run in-process on the agent SPI) is plugged in by the
 * module that carries both, {@code dist}. Without one on the class path the coordinator runs no local
 * executor and a target that needs one is refused with {@code no_executor}.
 */
public interface LocalExecutorFactory {

  /** Starts consuming the local route; returns once it consumes. The result is closed when the coordinator stops. */
  AutoCloseable start(LocalExecutorSettings settings) throws Exception;
}
