package io.pgcarry.cli;

import io.pgcarry.migrate.state.ReverseRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry finish}: keeps the new server and removes the way back. */
@Command(
    name = "finish",
    mixinStandardHelpOptions = true,
    description = {
      "Keep the new server after `cutover --fallback`: the running migrate deletes the reverse"
          + " connectors, drops the slot and the publication on the new server (a slot left"
          + " behind would make it keep WAL for ever) and pgcarry's positions on the old one, and"
          + " exits 0.",
      "Exit codes: 0 finished; 1 the migration has no way back (cut over without --fallback, or"
          + " not cut over); 4 the migrate process is not running."
    })
public final class FinishCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;
  @Mixin WorkDirOptions where;

  @Option(
      names = "--timeout",
      defaultValue = "PT5M",
      description = "How long to wait for the outcome, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    return ReverseCommand.run(
        where, ReverseRequest.Action.FINISH, timeout, spec.commandLine().getOut());
  }
}
