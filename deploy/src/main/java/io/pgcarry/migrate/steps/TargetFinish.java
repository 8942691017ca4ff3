package io.pgcarry.migrate.steps;

import io.pgcarry.common.Connections;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.cleanup.MigrationCleanup;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a database's target gets once it has every row and replication has ended, at cutover or at
 * the end of a run without streaming: sequence values ({@link FinalSync}), materialized views
 * refreshed, foreign keys validated, and pgcarry's position table removed unless the run keeps it,
 * so that the target looks restored from a dump. Stateless.
 */
final class TargetFinish {

  private TargetFinish() {}

  /**
   * Finishes one database's target.
   *
   * @return what was done, one timed line each
   */
  static List<String> run(DatabaseMigration database, boolean keepBookkeeping) throws Exception {
    MigrationSpec spec = database.spec();
    List<String> steps = new ArrayList<>();
    try (Connection source = Connections.open(spec.source(), "source");
        Connection target = Connections.open(spec.target(), "target")) {
      Instant start = Instant.now();
      int sequences = FinalSync.copySequences(source, target, spec.mapping());
      steps.add(timed(sequences + " sequence values copied", start));
      start = Instant.now();
      int views = FinalSync.refreshMaterializedViews(target);
      steps.add(timed(views + " materialized views refreshed", start));
      start = Instant.now();
      database.schema().validateForeignKeys();
      steps.add(timed("foreign keys validated", start));
      if (keepBookkeeping) {
        steps.add("pgcarry's positions kept on the target (" + spec.positionTable() + ")");
      } else {
        try (Statement statement = target.createStatement()) {
          // Dropping the position table waits for any session still reading it; not forever.
          statement.execute("SET lock_timeout = '60s'");
        }
        steps.add(
            new MigrationCleanup(spec.migrationName(), spec.positionTable())
                .forgetPositions(target));
      }
    }
    return steps;
  }

  static String timed(String step, Instant start) {
    return step + " (" + Duration.between(start, Instant.now()).toMillis() + " ms)";
  }
}
