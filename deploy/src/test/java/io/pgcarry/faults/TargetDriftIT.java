package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Someone alters a target table while changes stream, under a sustained write load: first a column
 * is dropped, then a constraint the source does not have is added. Each time the sink stops at the
 * first change the target refuses, and migrate exits with a message that names the table, the
 * change (its key and source LSN) and the fix; the target's applied position stays before that
 * change. With the target fixed, running migrate again resumes, and after cutover the target equals
 * the source.
 */
class TargetDriftIT {

  private static final Duration STOPS = Duration.ofMinutes(3);

  @Test
  void alteredTargetTableStopsTheSinkAtTheRefusedChangeAndMigrateResumesOnceFixed()
      throws Exception {
    try (MigrationUnderLoad migration =
        MigrationUnderLoad.prepare(TestPostgres.source(), TestPostgres.target(), "drift_it", 1)) {
      migration.load.start();
      migration.startMigrate().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);

      migration.fault(
          "target column dropped by someone while streaming; restored, migrate run again",
          () -> {
            alterTarget(migration, "ALTER TABLE pgbench_branches DROP COLUMN filler");
            String stop = stopped(migration);
            assertThat(stop)
                .contains("pgbench_branches")
                .contains("column filler")
                .contains("key (bid)=(")
                .contains("source LSN")
                .contains("was altered by someone else")
                .contains("run migrate again");
            assertPositionBefore(migration, stop);
            alterTarget(migration, "ALTER TABLE pgbench_branches ADD COLUMN filler char(88)");
            migration.startMigrate().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
          });

      migration.fault(
          "target constraint added by someone while streaming; dropped, migrate run again",
          () -> {
            alterTarget(
                migration,
                "ALTER TABLE pgbench_tellers ADD CONSTRAINT drift_check CHECK (tbalance = 0)"
                    + " NOT VALID");
            String stop = stopped(migration);
            assertThat(stop)
                .contains("pgbench_tellers")
                .contains("drift_check")
                .contains("key (tid)=(")
                .contains("source LSN")
                .contains("Make the constraint match the source's");
            assertPositionBefore(migration, stop);
            alterTarget(migration, "ALTER TABLE pgbench_tellers DROP CONSTRAINT drift_check");
            migration.startMigrate().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
          });

      migration.cutover();
      TableComparison comparison = migration.finalComparison();
      assertThat(comparison.equal()).as(comparison::toString).isTrue();
    }
  }

  private static void alterTarget(MigrationUnderLoad migration, String ddl) throws Exception {
    try (Connection c = migration.connectTarget();
        Statement s = c.createStatement()) {
      s.execute(ddl);
    }
  }

  /** Waits for migrate to exit with a failure, and returns the line it printed about it. */
  private static String stopped(MigrationUnderLoad migration) throws Exception {
    MigrateProcess process = migration.process();
    assertThat(process.waitFor(STOPS)).as(process::log).isEqualTo(4);
    String log = process.log();
    return log.lines()
        .filter(line -> line.startsWith("pgcarry: "))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no failure line in\n" + log));
  }

  /** The sink's applied position of the refused change's partition is not past that change. */
  private static void assertPositionBefore(MigrationUnderLoad migration, String stop)
      throws Exception {
    Matcher m = Pattern.compile("topic (\\S+), partition (\\d+), offset (\\d+)").matcher(stop);
    assertThat(m.find()).as(stop).isTrue();
    try (Connection c = migration.connectTarget();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT next_offset FROM pgcarry.applied_position"
                    + " WHERE topic = ? AND partition = ?")) {
      ps.setString(1, m.group(1));
      ps.setInt(2, Integer.parseInt(m.group(2)));
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isLessThanOrEqualTo(Long.parseLong(m.group(3)));
      }
    }
  }
}
