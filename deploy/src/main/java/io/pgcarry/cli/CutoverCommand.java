package io.pgcarry.cli;

import io.pgcarry.migrate.CutoverRequest;
import io.pgcarry.migrate.CutoverResult;
import io.pgcarry.migrate.MigrationStatus;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.WorkDir;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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
      "In a run over several databases the cutover covers them all: it succeeds only when every"
          + " database reached its position, and ends replication of none before that.",
      "Afterwards it prints the statements that remove what the source account leaves behind"
          + " (see cleanup --drop-role)."
    })
public final class CutoverCommand implements Callable<Integer> {

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
    WorkDir dir = where.workDir();
    MigrationStatus status = runningStatus();
    if (status.step() == Step.DONE) {
      spec.commandLine().getOut().println("migration " + where.name + " is already cut over");
      return ExitCode.OK.code();
    }
    if (status.step() != Step.STREAMING) {
      throw new CommandFailure(
          ExitCode.CHECK_FAILED,
          "migration "
              + where.name
              + " is in step "
              + status.step().label()
              + "; cutover is possible once it streams (see `pgcarry status`)");
    }
    CutoverRequest request = new CutoverRequest(UUID.randomUUID().toString(), Instant.now());
    dir.requestCutover(request);
    var out = spec.commandLine().getOut();
    out.println("cutover requested; waiting for the target to apply every change...");
    out.flush();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<CutoverResult> result = dir.cutoverResult();
      if (result.isPresent() && result.get().requestId().equals(request.id())) {
        print(out, result.get());
        if (!result.get().success()) {
          throw new CommandFailure(ExitCode.CHECK_FAILED, result.get().message());
        }
        return ExitCode.OK.code();
      }
      if (!runningStatus().fresh()) {
        throw new CommandFailure(
            ExitCode.FAILED, "the migrate process of " + where.name + " stopped during cutover");
      }
      Thread.sleep(500);
    }
    throw new CommandFailure(
        ExitCode.CHECK_FAILED,
        "no cutover outcome within "
            + timeout.toSeconds()
            + " s; see `pgcarry status --name "
            + where.name
            + "`");
  }

  private static void print(java.io.PrintWriter out, CutoverResult result) {
    result.steps().forEach(step -> out.println("  " + step));
    out.println(result.message());
    if (!result.followUp().isEmpty()) {
      out.println("afterwards, on the source:");
      result.followUp().forEach(line -> out.println("  " + line));
    }
    out.flush();
  }

  private MigrationStatus runningStatus() {
    MigrationStatus status = where.status();
    if (status.step() != Step.DONE && !status.fresh()) {
      throw new CommandFailure(
          ExitCode.FAILED,
          "migration "
              + where.name
              + " is not running: start `pgcarry migrate` again (it resumes),"
              + " then cut over");
    }
    return status;
  }
}
