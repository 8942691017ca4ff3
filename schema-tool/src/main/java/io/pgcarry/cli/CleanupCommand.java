package io.pgcarry.cli;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.MigrationStatus;
import io.pgcarry.migrate.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
  public Integer call() throws SQLException, IOException {
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
    String slot = MigrationSpec.slotName(where.name);
    PgUri sourceUri = Uris.parse("--source", source);
    try (Connection connection = Connections.open(sourceUri, "source")) {
      try (PreparedStatement drop =
          connection.prepareStatement(
              "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                  + " WHERE slot_name = ? AND database = current_database()")) {
        drop.setString(1, slot);
        try (ResultSet rs = drop.executeQuery()) {
          out.println(
              rs.next() ? "dropped replication slot " + slot : "no replication slot " + slot);
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP PUBLICATION IF EXISTS " + Identifier.quote(slot));
        out.println("dropped publication " + slot + " if it existed");
      }
    }
    if (target != null) {
      try (Connection connection = Connections.open(Uris.parse("--target", target), "target")) {
        out.println(forgetPositions(connection, where.name));
      }
    }
    deleteTree(dir.path());
    out.println("removed " + dir.path());
    out.flush();
    return ExitCode.OK.code();
  }

  /** Deletes this migration's applied positions, and pgcarry's schema once no migration has any. */
  private static String forgetPositions(Connection target, String name) throws SQLException {
    try (Statement statement = target.createStatement();
        ResultSet exists =
            statement.executeQuery("SELECT to_regclass('pgcarry.applied_position') IS NOT NULL")) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return "no pgcarry positions on the target";
      }
    }
    try (PreparedStatement delete =
        target.prepareStatement("DELETE FROM pgcarry.applied_position WHERE migration = ?")) {
      delete.setString(1, name);
      delete.executeUpdate();
    }
    try (Statement statement = target.createStatement();
        ResultSet rest = statement.executeQuery("SELECT count(*) FROM pgcarry.applied_position")) {
      rest.next();
      if (rest.getLong(1) == 0) {
        try (Statement drop = target.createStatement()) {
          drop.execute("DROP SCHEMA pgcarry CASCADE");
        }
        return "dropped schema pgcarry on the target";
      }
    }
    return "deleted the positions of " + name + " on the target";
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
