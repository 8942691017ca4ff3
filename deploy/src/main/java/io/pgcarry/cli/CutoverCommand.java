package io.pgcarry.cli;

import io.pgcarry.migrate.CutoverCall;
import io.pgcarry.migrate.OperatorCall;
import io.pgcarry.migrate.state.CutoverResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry cutover}: asks the running migration to finish, and waits for the outcome. */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    description = {
      "Finish a streaming migration. Stop the application's writes to the source first.",
      "The running `migrate` waits until the target has applied every change the source committed"
          + " before this call, deletes the connectors, drops the replication slot and the"
          + " publication (so nothing can later overwrite the target), copies sequence values,"
          + " refreshes materialized views, validates foreign keys and removes pgcarry's position"
          + " table from the target (unless migrate ran with --keep-bookkeeping); then it exits 0"
          + " with a summary. This command exits 0 only when all of that succeeded.",
      "When `pgcarry verify --online` ran, the cutover brings its last run up to the final"
          + " position before it ends replication: the rows the stream changed since each chunk"
          + " was compared are compared again on both databases (a chunk touched otherwise is"
          + " compared whole), and the summary says how many and how long. A difference fails the"
          + " cutover and replication goes on.",
      "In a run over several databases the cutover covers them all: it succeeds only when every"
          + " database reached its position, and ends replication of none before that.",
      "Afterwards it prints the statements that remove what the source account leaves behind"
          + " (see cleanup --drop-role).",
      "With --fallback, once the target has every change and before the connectors are deleted, it"
          + " creates on the target a publication of the migrated tables and a replication slot;"
          + " after the cutover the running migrate streams every change committed on the new"
          + " server back to the old one, until `pgcarry fallback` (back to the old server) or"
          + " `pgcarry finish` (keep the new one). It checks first, before ending anything, that"
          + " the way back can run. Keep the application from writing to the old database from"
          + " then on."
    })
public final class CutoverCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;
  @Mixin WorkDirOptions where;

  @Option(
      names = "--timeout",
      defaultValue = "PT15M",
      description = "How long to wait for the outcome, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--fallback",
      description =
          "Keep a way back: stream the new server's changes to the old one until fallback or"
              + " finish.")
  boolean fallback;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    var out = spec.commandLine().getOut();
    Optional<CutoverResult> result;
    try {
      result =
          CutoverCall.request(
              where.workDir(),
              where::status,
              fallback,
              timeout,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (OperatorCall.Refused e) {
      throw new CommandFailure(
          e.processGone() ? ExitCode.FAILED : ExitCode.CHECK_FAILED, e.getMessage());
    }
    if (result.isEmpty()) {
      out.println("migration " + where.name + " is already cut over");
      return ExitCode.OK.code();
    }
    print(out, result.get());
    if (!result.get().success()) {
      throw new CommandFailure(ExitCode.CHECK_FAILED, result.get().message());
    }
    if (fallback) {
      out.println(
          "point the application at the new server; to go back: pgcarry fallback --name "
              + where.name
              + "; to keep the new server: pgcarry finish --name "
              + where.name);
      out.flush();
    }
    return ExitCode.OK.code();
  }

  static void print(java.io.PrintWriter out, CutoverResult result) {
    result.steps().forEach(step -> out.println("  " + step));
    out.println(result.message());
    if (!result.followUp().isEmpty()) {
      out.println("afterwards, on the source:");
      result.followUp().forEach(line -> out.println("  " + line));
    }
    out.flush();
  }
}
