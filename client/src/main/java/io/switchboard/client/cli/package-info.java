/**
 * The client commands of the {@code switchboard} CLI (picocli): {@code run}, {@code tasks}, {@code
 * cancel}, {@code agents} ({@code agents put}), {@code workers} and {@code watch}. Each is a
 * {@code @Command} class with a public no-arg constructor; {@link
 * io.switchboard.client.cli.ClientCommands#register} adds them all to a root command.
 *
 * <p>Exit codes ({@link io.switchboard.client.cli.ExitCodes}): 0 success; 1 some task failed or was
 * cancelled (or the answer is "not found"/"already finished"); 2 the request was refused or an
 * option is invalid; 3 the coordinator could not be reached.
 */
package io.switchboard.client.cli;
