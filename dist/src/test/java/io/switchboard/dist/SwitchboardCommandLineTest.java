package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A command line naming a process command builds only that command; what the user sees of it (its
 * options, their defaults and environment variables, its refusals) is the same as through the whole
 * command tree.
 */
@Isolated // it swaps System.out and System.err, which tests running beside it would write into
class SwitchboardCommandLineTest {

  @ParameterizedTest
  @ValueSource(strings = {"coordinator", "worker", "kafka", "dev"})
  void shouldShowTheSameHelpAsTheWholeTree(String command) {
    Run alone = Run.of(command, "--help");
    Run throughTree = Run.of("help", command);

    assertThat(alone.exit).isZero();
    assertThat(alone.out).startsWith("Usage: switchboard " + command).contains("--help");
    assertThat(alone.out).isEqualTo(throughTree.out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"coordinator", "worker", "kafka", "dev"})
  void shouldRefuseAnUnknownOptionAsAUsageError(String command) {
    Run run = Run.of(command, "--no-such-option");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err).contains("Unknown option: '--no-such-option'").contains("Usage: switchboard " + command);
  }

  private record Run(int exit, String out, String err) {

    static synchronized Run of(String... args) {
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
      ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
      try {
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        int exit = Switchboard.run(args);
        return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }
}
