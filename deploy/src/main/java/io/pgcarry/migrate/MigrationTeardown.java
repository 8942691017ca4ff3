package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.migrate.cleanup.MigrationCleanup;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.RunDatabases;
import io.pgcarry.migrate.state.WorkDir;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code pgcarry cleanup} does to a migration that will not be cut over: in each database of
 * its run, ends replication on the source ({@link MigrationCleanup#endReplication}, the sequence a
 * cutover runs too) and forgets its positions on the target, and, when it was cut over with {@code
 * --fallback}, ends the way back too (its slot and publication on the target, its positions on the
 * source); then removes its work directory. Refuses while its {@code migrate} process runs.
 * Idempotent; stateless.
 */
public final class MigrationTeardown {

  /** The migration's {@code migrate} process runs: cut it over or stop it first. */
  public static final class StillRunning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StillRunning(String message) {
      super(message);
    }
  }

  private MigrationTeardown() {}

  /**
   * Tears a migration down.
   *
   * @param dir the migration's work directory
   * @param source the source server, where the slots and publications are
   * @param target the target server, whose positions are forgotten too; empty to leave them
   * @param done receives one line for each thing done
   * @throws StillRunning when the migration's {@code migrate} process runs
   */
  public static void run(WorkDir dir, PgUri source, Optional<PgUri> target, Consumer<String> done)
      throws SQLException, IOException, InterruptedException {
    Optional<MigrationStatus> status = dir.readStatus();
    if (status.isPresent() && status.get().step() != Step.DONE && status.get().fresh()) {
      throw new StillRunning(
          "migration "
              + dir.name()
              + " is running (pid "
              + status.get().pid()
              + (status.get().step() == Step.REVERSE_STREAMING
                  ? "), streaming back to the old server: run `pgcarry fallback` or `pgcarry"
                      + " finish`, or stop it first"
                  : "): cut it over or stop it first"));
    }
    for (RunDatabases.Entry database : databases(dir, source, target)) {
      tearDown(database, source, target, done);
    }
    WorkDir.deleteTree(dir.path());
    done.accept("removed " + dir.path());
  }

  /** The run's databases as its work directory records them, or the URIs' own. */
  private static List<RunDatabases.Entry> databases(
      WorkDir dir, PgUri source, Optional<PgUri> target) {
    return dir.readDatabases()
        .map(RunDatabases::databases)
        .orElse(
            List.of(
                new RunDatabases.Entry(
                    dir.name(),
                    source.database(),
                    target.map(PgUri::database).orElse(source.database()))));
  }

  private static void tearDown(
      RunDatabases.Entry database, PgUri source, Optional<PgUri> target, Consumer<String> done)
      throws SQLException, InterruptedException {
    MigrationName migration = new MigrationName(database.name());
    MigrationCleanup cleanup = new MigrationCleanup(migration, PositionTable.DEFAULT);
    try (Connection connection =
        Connections.open(source.withDatabase(database.source()), "source")) {
      MigrationCleanup.Ended ended = cleanup.endReplication(connection);
      String slot = migration.slotName();
      done.accept(
          ended.slotDropped() ? "dropped replication slot " + slot : "no replication slot " + slot);
      done.accept(ended.publication());
      done.accept(ended.ddlCapture());
    }
    if (target.isPresent()) {
      try (Connection connection =
          Connections.open(target.get().withDatabase(database.target()), "target")) {
        done.accept(cleanup.forgetPositions(connection));
        tearDownWayBack(migration, connection, source.withDatabase(database.source()), done);
      }
    }
  }

  /**
   * The way back of a migration cut over with {@code --fallback} and left so: its slot and
   * publication on the new server (which keeps WAL for the slot while it exists) and its positions
   * on the old one.
   */
  private static void tearDownWayBack(
      MigrationName forward, Connection newServer, PgUri old, Consumer<String> done)
      throws SQLException, InterruptedException {
    MigrationName reverse = forward.fallback();
    MigrationCleanup cleanup = new MigrationCleanup(reverse, PositionTable.DEFAULT);
    MigrationCleanup.Ended ended = cleanup.endReplication(newServer);
    if (!ended.slotDropped() && ended.publication().startsWith("no publication")) {
      return;
    }
    done.accept(
        ended.slotDropped()
            ? "dropped the fallback slot " + reverse.slotName() + " on the target"
            : "no fallback slot " + reverse.slotName());
    done.accept(ended.publication());
    try (Connection connection = Connections.open(old, "source")) {
      done.accept(cleanup.forgetPositions(connection).replace("the target", "the source"));
    }
  }
}
