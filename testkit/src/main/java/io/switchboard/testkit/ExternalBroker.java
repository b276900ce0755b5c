package io.switchboard.testkit;

import io.switchboard.devkit.KafkaBroker;

/** A cluster someone else runs; closing it does nothing. */
record ExternalBroker(String bootstrap) implements KafkaBroker {

  @Override
  public void close() {}
}
