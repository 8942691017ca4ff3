package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.deploy.testing.WriteLoop;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The way back after {@code cutover --fallback} under a sustained write load on the new server
 * (pgbench, the keyless ledger of identical rows, a sequence): the new server restarted (immediate
 * shutdown, a crash), the old server restarted (fast shutdown), and {@code kill -9} of the {@code
 * migrate} process at a moment the old server holds a change the new server's slot has not
 * confirmed, then migrate started again, which resumes the way back. After each fault the old
 * server equals the new one, nothing lost or applied twice; then {@code fallback}: the old server
 * equals the new one row for row, sequences included, and the way back leaves nothing behind. The
 * test prints the way back's lag under the load and the time {@code fallback} takes from command to
 * exit. One migration for the three faults, in order, as in {@link ServerFaultsIT}: a migration of
 * its own per fault would add a minute of CI each.
 */
class FallbackFaultsIT {

  private static final Duration STEP_TIMEOUT = MigrationUnderLoad.STEP_TIMEOUT;

  @Test
  void theWayBackSurvivesRestartsOfBothServersAndAKilledMigrateThenFallsBackWithNothingLost()
      throws Exception {
    try (MigrationUnderLoad migration =
        MigrationUnderLoad.prepare(
            TestPostgres.source(), TestPostgres.target(), "fallback_faults_it", 1)) {
      try (Connection c = migration.connectSource();
          Statement s = c.createStatement()) {
        s.execute("CREATE SEQUENCE ticket START 100");
      }
      migration.load.start();
      migration.startMigrate().awaitStep(Step.STREAMING, STEP_TIMEOUT);
      migration.markerApplied(STEP_TIMEOUT);
      migration.cutoverWithFallback();
      // The application draws tickets on the new server; the sequence goes back at fallback.
      WriteLoop tickets =
          WriteLoop.outlivingFaults(
              "ticket-writer",
              () -> migration.target.connect(migration.targetDatabase),
              Duration.ofMillis(50),
              (c, n) -> {
                try (Statement s = c.createStatement()) {
                  s.execute("SELECT nextval('ticket')");
                }
              });
      reportLag(migration);

      migration.fault(
          "new server restarted (immediate shutdown) while streaming back",
          () -> {
            migration.target.stop("immediate");
            migration.target.restart();
          });
      migration.fault(
          "old server restarted (fast shutdown) while streaming back",
          () -> {
            migration.source.stop("fast");
            migration.source.restart();
          });
      boolean[] resends = new boolean[1];
      migration.fault(
          "migrate killed (kill -9) while streaming back, restarted",
          () -> resends[0] = migration.killWithResendsAndRestart());
      migration.process().awaitStep(Step.REVERSE_STREAMING, STEP_TIMEOUT);
      String resumed = migration.process().log();
      assertThat(resumed).contains("the way back streams");
      if (resends[0]) {
        assertThat(migration.process().replaysSkipped()).as(resumed).isPositive();
      }

      tickets.stop();
      Map.Entry<Duration, String> fallback = migration.fallback();
      System.out.printf(
          Locale.ROOT,
          "FALLBACK FIGURES | fallback, command to exit, after a load of pgbench at 60 tps on the"
              + " new server | %.1f s |%n",
          fallback.getKey().toMillis() / 1000.0);
      assertThat(fallback.getValue())
          .contains("fallback complete at new server LSN")
          .contains("sequence values copied back");

      try (Connection newServer = migration.connectTarget();
          Connection old = migration.connectSource()) {
        TableComparison comparison = TableComparison.of(newServer, old);
        assertThat(comparison.equal()).as(comparison::toString).isTrue();
        assertThat(comparison.rows()).isGreaterThan(100_000);
        String sequence = "SELECT last_value || ':' || is_called FROM ticket";
        assertThat(value(old, sequence)).isEqualTo(value(newServer, sequence));
        assertThat(
                value(
                    newServer,
                    "SELECT count(*) FROM pg_replication_slots"
                        + " WHERE slot_name LIKE 'pgcarry_fallback_faults_it%'"))
            .as("no slot left on the new server")
            .isEqualTo("0");
        assertThat(value(old, "SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry'"))
            .as("no positions left on the old server")
            .isEqualTo("0");
      }
    }
  }

  /**
   * Prints the way back's lag under the load: for markers committed on the new server one after
   * another, the time until the old server applied each, and the most change records the status
   * showed not yet applied.
   */
  private static void reportLag(MigrationUnderLoad migration) throws Exception {
    long changesBefore = migration.activeLoad().changes();
    long start = System.nanoTime();
    List<Long> millis = new ArrayList<>();
    long records = 0;
    for (int i = 0; i < 10; i++) {
      millis.add(migration.markerApplied(STEP_TIMEOUT).toMillis());
      records =
          Math.max(
              records, migration.process().status().map(MigrationStatus::lagRecords).orElse(0L));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = (migration.activeLoad().changes() - changesBefore) / seconds;
    millis.sort(Long::compare);
    System.out.printf(
        Locale.ROOT,
        "FALLBACK FIGURES | way back under %.0f changes/s on the new server: commit there to"
            + " apply on the old server, median %d ms, max %d ms of 10; most records behind in"
            + " status %d |%n",
        rate,
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1),
        records);
  }

  private static String value(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
