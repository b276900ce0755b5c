package io.switchboard.dist;

import io.switchboard.client.sdk.Step;
import io.switchboard.client.sdk.StepResult;
import io.switchboard.client.sdk.Switchboard;
import java.io.IOException;

/**
 * A {@code command} agent written with the SDK: it creates the SDK from its environment, runs one
 * child step (which becomes a child of its own task by itself) and prints what it saw.
 */
public final class SdkAgentMain {

  private SdkAgentMain() {}

  public static void main(String[] args) throws IOException {
    System.in.readAllBytes(); // the task JSON; this agent needs only its environment
    try (Switchboard sb = Switchboard.fromEnvironment()) {
      StepResult child = sb.invoke(Step.of("echo", "hello from " + sb.parent().orElseThrow()));
      System.out.println("child=" + child.key() + " output=" + child.output() + " children="
          + sb.children().size());
    }
  }
}
