package io.switchboard.client.cli;

import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.HttpSwitchboardClient;
import io.switchboard.client.SwitchboardApiException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.common.error.SwitchboardException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of the client commands: the {@code --url} and {@code --token} options, a client for the
 * command's run, and one mapping of failures to messages and {@link ExitCodes}.
 */
public abstract class ClientCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:SWITCHBOARD_URL:-http://127.0.0.1:8080}",
      description = "The coordinator (default: $SWITCHBOARD_URL, else ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:SWITCHBOARD_TOKEN}",
      description = "Bearer token (default: $SWITCHBOARD_TOKEN).")
  String token;

  /** Runs the command with a client of the coordinator; returns the exit code. */
  protected abstract int execute(SwitchboardClient client);

  @Override
  public final Integer call() {
    HttpSwitchboardClient client;
    try {
      client = HttpSwitchboardClient.builder(url).token(token).build();
    } catch (IllegalArgumentException e) {
      err().println("error: invalid_value at --url: " + e.getMessage());
      return ExitCodes.REFUSED;
    }
    try (client) {
      return execute(client);
    } catch (SwitchboardApiException e) {
      err().println("error: " + e.error().describe());
      return e.status() == 404 || e.status() >= 500 ? ExitCodes.FAILED : ExitCodes.REFUSED;
    } catch (CoordinatorUnreachableException e) {
      err().println("error: coordinator unreachable: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    } catch (OptionProblem e) {
      err().println("error: invalid_value at " + e.option() + ": " + e.getMessage());
      return ExitCodes.REFUSED;
    } catch (SwitchboardException e) {
      err().println("error: " + e.getMessage());
      return ExitCodes.FAILED;
    } finally {
      out().flush();
      err().flush();
    }
  }

  /** Where results go (the command line's out). */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where progress and errors go (the command line's err). */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
