package io.pgcarry.cli;

import io.pgcarry.migrate.MigrationStatus;
import io.pgcarry.migrate.StatusRenderer;
import io.pgcarry.migrate.WorkDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry status}: a running migration's step, per-table load progress and lag. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a migration's step, per-table snapshot progress and lag, as last published by its"
          + " running `migrate` (every second). A run over several databases shows the tables of"
          + " every database, each after its database's name; tables renamed by the mapping are"
          + " shown by their source names.",
      "Lag is the number of change records in Kafka that the target has not applied; 'no delay'"
          + " means the target has applied everything the source connector has read."
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;
  @Mixin WorkDirOptions where;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    MigrationStatus status = where.status();
    var out = spec.commandLine().getOut();
    out.print(json ? WorkDir.json(status) + "\n" : StatusRenderer.full(status));
    out.flush();
    return ExitCode.OK.code();
  }
}
