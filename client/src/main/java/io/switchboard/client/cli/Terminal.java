package io.switchboard.client.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the process talks to a person at a terminal (so progress can be redrawn in place). */
final class Terminal {

  private Terminal() {}

  /**
   * True when {@link System#console()} is present and, on JDK 22+ (where it is present even when
   * redirected), {@code Console.isTerminal()} says so.
   */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 21: a console exists only for a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
