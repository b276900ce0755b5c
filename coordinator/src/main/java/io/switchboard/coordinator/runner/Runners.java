package io.switchboard.coordinator.runner;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.config.RunnerConfig;
import io.switchboard.common.config.RunnerFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of runner initializers: the runners of a {@code --runners-file}, each dispatched by its
 * {@code kind} to the {@link RunnerInitializerFactory} of that kind. Every runner is parsed and validated
 * before any is used, so a bad file stops the coordinator at start with the field at fault and nothing of
 * it is applied.
 */
public final class Runners implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Runners.class);

  public static final Runners NONE = new Runners(Map.of());

  private final Map<String, RunnerInitializer> initializers;
  private final Set<String> names;

  private Runners(Map<String, RunnerInitializer> initializers) {
    this.initializers = initializers;
    this.names = Set.copyOf(initializers.keySet());
  }

  /** The runners of {@code file} (none when absent), with the factories found by {@link ServiceLoader}. */
  public static Runners load(Optional<Path> file, RunnerContext context) {
    if (file.isEmpty()) {
      return NONE;
    }
    Map<String, RunnerInitializerFactory> factories = new HashMap<>();
    ServiceLoader.load(RunnerInitializerFactory.class).forEach(f -> factories.put(f.kind(), f));
    return of(file.get(), RunnerFiles.read(file.get()), factories, context);
  }

  /** The runners of {@code configs} (read from {@code file}) made by {@code factories}. */
  public static Runners of(Path file, List<RunnerConfig> configs, Map<String, RunnerInitializerFactory> factories,
      RunnerContext context) {
    Map<String, RunnerInitializer> made = new LinkedHashMap<>();
    try {
      for (int i = 0; i < configs.size(); i++) {
        RunnerConfig config = configs.get(i);
        RunnerInitializerFactory factory = factories.get(config.kind());
        if (factory == null) {
          throw refuse(file, "runners[" + i + "].kind", "no runner initializer of kind '" + config.kind()
              + "'; known: " + new TreeSet<>(factories.keySet()));
        }
        try {
          made.put(config.name(), factory.create(config, context));
        } catch (RunnerConfigException e) {
          throw refuse(file, "runners[" + i + "].config." + e.field(), e.reason());
        }
      }
    } catch (RuntimeException e) {
      made.values().forEach(RunnerInitializer::close);
      throw e;
    }
    made.forEach((name, initializer) -> log.info("runner '{}' starts its workers on demand ({})", name,
        initializer.getClass().getSimpleName()));
    return new Runners(made);
  }

  /** The runners whose workers this coordinator can start (for executor resolution). */
  public Set<String> startableRunners() {
    return names;
  }

  /** The initializers, by runner. */
  public List<RunnerInitializer> initializers() {
    return new ArrayList<>(initializers.values());
  }

  public boolean isEmpty() {
    return initializers.isEmpty();
  }

  /** Stops every worker the initializers started. */
  @Override
  public void close() {
    for (RunnerInitializer initializer : initializers.values()) {
      try {
        initializer.close();
      } catch (RuntimeException e) {
        log.warn("runner '{}' did not stop cleanly: {}", initializer.runner(), e.toString());
      }
    }
  }

  private static ConfigException refuse(Path file, String field, String message) {
    return new ConfigException(CoordinatorConfig.RUNNERS_FILE.name(), file + ": " + field + ": " + message);
  }
}
