package io.pgcarry.cli;

import io.pgcarry.common.Connections;
import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.migrate.MigrationCleanup;
import io.pgcarry.migrate.MigrationStatus;
import io.pgcarry.migrate.Step;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry cleanup}: removes what a migration left behind. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Remove what a migration left behind: its replication slot and publication on the source"
          + " (an abandoned slot makes the source keep WAL forever), pgcarry's position table on"
          + " the target, and its work directory. Refuses while its migrate process runs."
    })
public final class CleanupCommand implements Callable<Integer> {

  /** How long a walsender that outlives its connector may keep the slot. */
  private static final Duration SLOT_RELEASE = Duration.ofSeconds(10);

  @Mixin VerboseOption verbose;
  @Mixin WorkDirOptions where;

  @Option(names = "--source", required = true, description = "Source database URI.")
  String source;

  @Option(
      names = "--target",
      description = "Target database URI: also drop pgcarry's schema there.")
  String target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws SQLException, IOException, InterruptedException {
    var dir = where.workDir();
    Optional<MigrationStatus> status = dir.readStatus();
    if (status.isPresent() && status.get().step() != Step.DONE && status.get().fresh()) {
      throw new CommandFailure(
          ExitCode.FAILED,
          "migration "
              + where.name
              + " is running (pid "
              + status.get().pid()
              + "): cut it over or stop it first");
    }
    var out = spec.commandLine().getOut();
    MigrationName name = new MigrationName(where.name);
    MigrationCleanup cleanup = new MigrationCleanup(name, PositionTable.DEFAULT);
    PgUri sourceUri = Uris.parse("--source", source);
    try (Connection connection = Connections.open(sourceUri, "source")) {
      String slot = name.slotName();
      boolean dropped = cleanup.dropSlot(connection, Instant.now().plus(SLOT_RELEASE));
      out.println(dropped ? "dropped replication slot " + slot : "no replication slot " + slot);
      out.println(cleanup.dropPublication(connection));
    }
    if (target != null) {
      try (Connection connection = Connections.open(Uris.parse("--target", target), "target")) {
        out.println(cleanup.forgetPositions(connection));
      }
    }
    WorkTree.delete(dir.path());
    out.println("removed " + dir.path());
    out.flush();
    return ExitCode.OK.code();
  }
}
