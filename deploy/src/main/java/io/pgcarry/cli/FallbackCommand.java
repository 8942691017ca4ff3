package io.pgcarry.cli;

import io.pgcarry.migrate.state.ReverseRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry fallback}: back to the old server after a cutover with {@code --fallback}. */
@Command(
    name = "fallback",
    mixinStandardHelpOptions = true,
    description = {
      "Go back to the old server after `cutover --fallback`. Stop the application's writes to the"
          + " new server first.",
      "The running migrate waits until the old server has applied every change the new server"
          + " committed before this call, deletes the reverse connectors, drops the slot and the"
          + " publication on the new server and pgcarry's positions on the old one, and copies"
          + " the sequence values back; then it exits 0, and this command prints what to point"
          + " the application at.",
      "Exit codes: 0 fallen back; 1 the migration has no way back (cut over without --fallback,"
          + " or not cut over) or the old server did not catch up in time (the way back goes on:"
          + " retry); 4 the migrate process is not running."
    })
public final class FallbackCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;
  @Mixin WorkDirOptions where;

  @Option(
      names = "--timeout",
      defaultValue = "PT15M",
      description = "How long to wait for the outcome, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    return ReverseCommand.run(
        where, ReverseRequest.Action.FALLBACK, timeout, spec.commandLine().getOut());
  }
}
