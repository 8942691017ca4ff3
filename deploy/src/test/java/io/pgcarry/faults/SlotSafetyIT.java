package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code migrate} that stops and is never resumed leaves its replication slot, which makes the
 * source keep WAL: {@code status --source} and {@code precheck} warn about it while it does. On a
 * source with {@code max_slot_wal_keep_size}, enough WAL later the source invalidates the slot: a
 * {@code migrate} run again then fails at once with a message that says the migration cannot
 * continue and what to do, rather than stream with changes missing. {@code cleanup} removes the
 * slot.
 */
class SlotSafetyIT {

  @Test
  void abandonedSlotIsReportedAndAnInvalidatedOneStopsTheMigrationClearly() throws Exception {
    try (LocalPostgres source =
        LocalPostgres.start(
            PostgresInstallation.find(15),
            Path.of(System.getProperty("java.io.tmpdir"), "pgcarry-test-servers"),
            Map.of("log_min_messages", "warning", "max_slot_wal_keep_size", "48MB"))) {
      try (MigrationUnderLoad migration =
          MigrationUnderLoad.prepare(source, TestPostgres.target(), "slot_it", 1)) {
        migration.load.start();
        migration.startMigrate().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
        migration.markerApplied(MigrationUnderLoad.STEP_TIMEOUT);
        migration.load.pause();
        migration.process().kill();
        String workDir = migration.workDir.toString();
        String sourceUri = source.uri("slot_it");
        WaitFor.condition(
            Duration.ofMinutes(1),
            "the killed migration's walsender to end",
            () -> !active(source));
        writeWal(source, 1);

        PgcarryCli.Run status =
            PgcarryCli.run(
                "status", "--name", "slot_it", "--work-dir", workDir, "--source", sourceUri);
        assertThat(status.code()).as(status::toString).isZero();
        assertThat(status.out())
            .as(status::toString)
            .contains("replication slot pgcarry_slot_it is not in use and makes the source keep")
            .contains("MB of WAL")
            .contains("pgcarry cleanup --name slot_it");

        PgcarryCli.Run precheck =
            PgcarryCli.run(
                "precheck", "--source", sourceUri, "--target", TestPostgres.target().uri("x_it"));
        assertThat(precheck.code()).as(precheck::toString).isEqualTo(1);
        assertThat(precheck.out())
            .as(precheck::toString)
            .contains("pgcarry_slot_it")
            .contains("of WAL")
            .contains("pgcarry cleanup");

        WaitFor.condition(
            Duration.ofMinutes(2),
            "the source to invalidate the slot",
            () -> {
              writeWal(source, 2);
              return lost(source);
            });
        MigrateProcess again = migration.startMigrate();
        assertThat(again.waitFor(MigrationUnderLoad.STEP_TIMEOUT)).as(again::log).isEqualTo(4);
        assertThat(again.log())
            .contains("invalidated replication slot pgcarry_slot_it")
            .contains("cannot continue")
            .contains("pgcarry cleanup --name slot_it");

        PgcarryCli.Run cleanup =
            PgcarryCli.run(
                "cleanup",
                "--name",
                "slot_it",
                "--work-dir",
                workDir,
                "--source",
                sourceUri,
                "--target",
                TestPostgres.target().uri("slot_it_copy"));
        assertThat(cleanup.code()).as(cleanup::toString).isZero();
        assertThat(slotExists(source)).isFalse();
        assertThat(Files.exists(migration.dir.path())).isFalse();
      }
    }
  }

  /** Writes about {@code segments} WAL segments of 16 MB, and a checkpoint. */
  private static void writeWal(LocalPostgres source, int segments) throws Exception {
    try (Connection c = source.connect("slot_it");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS wal_filler (v text)");
      for (int i = 0; i < segments; i++) {
        s.execute("INSERT INTO wal_filler SELECT repeat('x', 1000) FROM generate_series(1, 16000)");
        s.execute("SELECT pg_switch_wal()");
      }
      s.execute("CHECKPOINT");
    }
  }

  private static boolean active(LocalPostgres source) throws Exception {
    return query(source, "SELECT coalesce(bool_or(active), false) FROM pg_replication_slots");
  }

  private static boolean lost(LocalPostgres source) throws Exception {
    return query(
        source, "SELECT coalesce(bool_or(wal_status = 'lost'), false) FROM pg_replication_slots");
  }

  private static boolean slotExists(LocalPostgres source) throws Exception {
    return query(source, "SELECT count(*) > 0 FROM pg_replication_slots");
  }

  private static boolean query(LocalPostgres source, String sql) throws Exception {
    try (Connection c = source.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
