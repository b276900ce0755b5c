package io.switchboard.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Free loopback ports, and waiting until a port accepts connections. */
public final class FreePorts {

  private static final int ATTEMPTS = 50;

  /**
   * Every port this JVM has handed out. The OS may give a port that was just probed and closed to the
   * next probe (a broker once got the same port for its two listeners), so no port is handed out twice.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** A port that was free on {@code host} a moment ago and that no earlier call in this JVM returned. */
  public static int pick(String host) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = probe(host);
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no port on " + host + " that was not handed out before, after "
        + ATTEMPTS + " attempts");
  }

  private static int probe(String host) {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** Waits until {@code host:port} accepts TCP connections; false when {@code timeout} passed. */
  public static boolean awaitOpen(String host, int port, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 200);
        return true;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }
}
