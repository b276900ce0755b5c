package io.switchboard.testkit;

import io.switchboard.devkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A broker whose data directory is deleted once it has stopped. */
record TempDirBroker(KafkaBroker broker, Path dir) implements KafkaBroker {

  @Override
  public String bootstrap() {
    return broker.bootstrap();
  }

  @Override
  public void close() {
    broker.close();
    deleteRecursively(dir);
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
