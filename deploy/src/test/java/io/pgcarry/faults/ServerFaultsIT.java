package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The servers on both sides of one running migration fail, one fault after another, under a
 * sustained write load: the source restarted (immediate shutdown, a crash) and a snapshot worker's
 * connection terminated during the full load; the source restarted (fast and immediate) and its
 * walsender terminated while changes stream; the target restarted and made read-only for a while.
 * After each fault the migration recovers by itself, and a comparison of every table shows the
 * target equal to the source: nothing lost, nothing applied twice. The status shows each outage
 * while it lasts. The methods share the migration and run in order, and cannot stand alone: the
 * faults are meant to strike one migration in its successive phases (the full load, then the
 * stream), and recovering from one must not disturb recovering from the next; a migration of its
 * own per fault would add half a minute of CI each. Each method ends with its own comparison of
 * every table, so a failure names the fault that caused it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerFaultsIT {

  private static final Duration OUTAGE_SEEN = Duration.ofSeconds(60);
  private static MigrationUnderLoad migration;

  @BeforeAll
  static void prepare() throws Exception {
    migration =
        MigrationUnderLoad.prepare(TestPostgres.source(), TestPostgres.target(), "faults_it", 3);
    migration.load.start();
  }

  @AfterAll
  static void close() throws Exception {
    if (migration != null) {
      migration.close();
    }
  }

  @Test
  @Order(1)
  void fullLoadSurvivesAWorkerTerminatedMidChunkAndASourceCrash() throws Exception {
    // Read at a few megabytes per second, the load takes seconds, and a chunk is in flight when the
    // test looks: unthrottled, it took 0.4 s, which a test polling every 250 ms can miss.
    MigrateProcess process = migration.startMigrate("--snapshot-rate", "4MB");
    int worker = activeCopy();
    migration.fault(
        "snapshot worker terminated mid-chunk, then the source restarted (immediate) mid-load",
        () -> {
          MigrationUnderLoad.terminate(migration.source, worker);
          // Another chunk in flight proves the load still runs when the source goes down.
          activeCopy();
          migration.source.stop("immediate");
          migration.source.restart();
        });
    process.awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
    assertThat(process.log())
        .contains("reading it again")
        .contains("left by a full load that did not finish");
  }

  @Test
  @Order(2)
  void sourceFastRestartWhileStreamingIsShownAndRecovered() throws Exception {
    migration.fault(
        "source restarted (fast shutdown) while streaming",
        () -> {
          migration.source.stop("fast");
          migration.process().awaitMessage("source unreachable", OUTAGE_SEEN);
          migration.source.restart();
        });
  }

  @Test
  @Order(3)
  void sourceCrashWhileStreamingIsRecovered() throws Exception {
    migration.fault(
        "source restarted (immediate shutdown) while streaming",
        () -> {
          migration.source.stop("immediate");
          migration.source.restart();
        });
  }

  @Test
  @Order(4)
  void walsenderTerminatedWhileStreamingIsRecovered() throws Exception {
    int walsender = migration.walsender();
    migration.fault(
        "walsender terminated (pg_terminate_backend) while streaming",
        () -> MigrationUnderLoad.terminate(migration.source, walsender));
    assertThat(migration.walsender()).isNotEqualTo(walsender);
  }

  @Test
  @Order(5)
  void targetRestartWhileStreamingIsShownAndRecovered() throws Exception {
    migration.fault(
        "target restarted (fast shutdown) while streaming",
        () -> {
          migration.target.stop("fast");
          migration.process().awaitMessage("target unreachable", OUTAGE_SEEN);
          migration.target.restart();
        });
  }

  @Test
  @Order(6)
  void readOnlyTargetMakesTheSinkWaitWithAClearStatus() throws Exception {
    try {
      migration.fault(
          "target read-only (default_transaction_read_only) while streaming",
          () -> {
            readOnly(migration.target, true);
            migration.process().awaitMessage("target read-only", OUTAGE_SEEN);
            // A while: the sink meets the read-only target, backs off and retries, more than once.
            WaitFor.condition(
                OUTAGE_SEEN,
                "the sink to retry against the read-only target a second time",
                () ->
                    migration
                        .process()
                        .log()
                        .lines()
                        .anyMatch(
                            line ->
                                line.contains("SQL state 25006") && line.contains("retry 2 of")),
                migration.process()::log);
            readOnly(migration.target, false);
          });
    } finally {
      readOnly(migration.target, false);
    }
  }

  @Test
  @Order(7)
  void cutoverLeavesTheTargetEqualToTheSource() throws Exception {
    migration.cutover();
    TableComparison comparison = migration.finalComparison();
    assertThat(comparison.equal()).as(comparison::toString).isTrue();
    assertThat(comparison.rows()).isGreaterThan(300_000);
  }

  /** A worker's COPY of a chunk running now; waits for one. */
  private static int activeCopy() {
    return WaitFor.value(
        MigrationUnderLoad.STEP_TIMEOUT,
        "a snapshot worker to COPY a chunk",
        () -> {
          List<Integer> copies = migration.backends("COPY (SELECT%");
          return copies.isEmpty()
              ? java.util.Optional.empty()
              : java.util.Optional.of(copies.get(0));
        },
        migration.process()::log);
  }

  private static void readOnly(LocalPostgres server, boolean on) throws Exception {
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          on
              ? "ALTER SYSTEM SET default_transaction_read_only = on"
              : "ALTER SYSTEM RESET default_transaction_read_only");
      s.execute("SELECT pg_reload_conf()");
    }
  }
}
