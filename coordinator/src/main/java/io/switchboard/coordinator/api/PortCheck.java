package io.switchboard.coordinator.api;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.CoordinatorConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tells a start at once that its HTTP port is taken, before the state store opens and the recovery reads the
 * topics (which may take minutes): the server itself binds only alongside the recovery. The probe is let go at
 * once, so the server's own bind still decides when another process takes the port in between; that failure
 * reads the same.
 */
public final class PortCheck {

  private PortCheck() {}

  /**
   * @throws ConfigException ({@code port}) when {@code host:port} is in use; a port of 0 (any free port) and
   *     an address the probe cannot use otherwise (left to the server to report) pass
   */
  public static void requireFree(String host, int port) {
    if (port == 0) {
      return;
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as the server's connector: a port in TIME_WAIT is free
      probe.bind(address);
    } catch (BindException taken) {
      throw inUse("Failed to bind to " + address, taken);
    } catch (IOException | IllegalArgumentException | SecurityException other) {
      // not a port in use: the server's bind reports it
    }
  }

  /** The refusal of a port in use, in one line: {@code what} failed, and why ({@code Address already in use}). */
  public static ConfigException inUse(String what, BindException taken) {
    return new ConfigException(CoordinatorConfig.PORT.name(), what + ": " + taken.getMessage());
  }
}
