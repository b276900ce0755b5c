package io.switchboard.common.config;

/** A configuration value that is missing or invalid; the process refuses to start with it. */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The key's name, e.g. {@code port}. */
  public String key() {
    return key;
  }
}
