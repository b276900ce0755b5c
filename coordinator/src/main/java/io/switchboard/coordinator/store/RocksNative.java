package io.switchboard.coordinator.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library from a copy kept beside the state store. RocksDB's own loader copies the
 * 15 MB library out of its jar into a new temporary file on every start and deletes it only on a clean
 * exit: each SIGKILLed coordinator left one behind in {@code java.io.tmpdir}, and every start paid for the
 * copy. Here it is copied once (again only when the jar's copy differs in size) and loaded from there;
 * if anything about that fails, RocksDB's own loader runs as before.
 */
final class RocksNative {

  private static final Logger log = LoggerFactory.getLogger(RocksNative.class);

  private RocksNative() {}

  /** Loads the library, keeping its copy in {@code dir}. Idempotent. */
  static synchronized void load(Path dir) {
    try {
      Path lib = copyInto(dir);
      RocksDB.loadLibrary(List.of(lib.getParent().toString()));
      log.debug("RocksDB native library loaded from {}", lib);
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      log.debug("RocksDB native library not loaded from {} ({}); RocksDB's loader copies it", dir, e.toString());
      RocksDB.loadLibrary();
    }
  }

  private static Path copyInto(Path dir) throws IOException {
    String resource = Environment.getJniLibraryFileName("rocksdb");
    URL url = RocksDB.class.getResource("/" + resource);
    if (url == null) {
      throw new IOException("no " + resource + " in RocksDB's jar for this platform");
    }
    URLConnection connection = url.openConnection();
    connection.setUseCaches(false);
    long size = connection.getContentLengthLong();
    // the name RocksDB.loadLibrary(paths) looks for in each path
    Path lib = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
    if (size > 0 && Files.isRegularFile(lib) && Files.size(lib) == size) {
      connection.getInputStream().close();
      return lib;
    }
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, "rocksdbjni", ".partial");
    try (InputStream in = connection.getInputStream()) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return lib;
  }
}
