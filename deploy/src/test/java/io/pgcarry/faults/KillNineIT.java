package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the whole {@code migrate} process — its Kafka broker and Connect worker
 * included, which cannot be killed alone since they run inside it — under a sustained write load,
 * three times in one migration: during the full load, while changes stream, and while an online
 * verification ({@code verify --online}) runs, which then goes on to its verdict. Each time the
 * restarted process resumes from its work directory. After the first kill the source connector
 * cannot continue the load (its exported snapshot died with the process): it drops the slot and
 * reads every table again from a new snapshot, and the sink empties each table when it meets the
 * new snapshot. After the second, the full load is not read again and the changes the source
 * connector sends a second time are skipped. After the third, the verification's markers still in
 * the slot reach the sink, which compares each chunk once: every table identical. After each kill,
 * and after cutover, the target equals the source, also for the keyless table of identical rows.
 */
class KillNineIT {

  /** Rows a second the online verification reads from the source. */
  private static final int VERIFY_RATE = 30_000;

  @Test
  void killedMigrationResumesWithoutLosingOrDuplicatingRows() throws Exception {
    try (MigrationUnderLoad migration =
        MigrationUnderLoad.prepare(TestPostgres.source(), TestPostgres.target(), "kill_it", 3)) {
      migration.load.start();
      migration.startMigrate();
      migration.awaitSlot(MigrationUnderLoad.STEP_TIMEOUT);
      migration.fault(
          "migrate killed (kill -9) during the full load, restarted",
          () -> {
            migration.process().kill();
            migration.startMigrate();
          });
      String reloaded = migration.process().log();
      assertThat(reloaded).contains("left by a full load that did not finish");

      migration.process().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
      boolean[] resends = new boolean[1];
      migration.fault(
          "migrate killed (kill -9) while streaming, restarted",
          // Killed while the target holds a change past the slot's confirmed position, the
          // restarted connector must send that change's transaction again.
          () -> resends[0] = migration.killWithResendsAndRestart());
      migration.process().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
      String resumed = migration.process().log();
      // The crash path was taken: the full load was not read again, and the changes sent a second
      // time (there were some, unless the slot confirmed them in the instant before the kill) were
      // recognised and skipped.
      assertThat(resumed).contains("Full load from snapshot").doesNotContain("Created slot");
      if (resends[0]) {
        assertThat(migration.process().replaysSkipped()).as(resumed).isPositive();
      }

      killedDuringAnOnlineVerification(migration);

      migration.cutover();
      TableComparison comparison = migration.finalComparison();
      assertThat(comparison.equal()).as(comparison::toString).isTrue();
    }
  }

  /**
   * The third kill, while {@code verify --online} runs (in this JVM, as an operator's second
   * command): the verification waits for migrate to come back and ends with every table identical,
   * each chunk compared once. Its markers are read from the source at most {@link #VERIFY_RATE}
   * rows a second, so writing them all takes {@code rows / VERIFY_RATE} seconds; migrate is killed
   * as soon as the sink has compared the first, long before the last is written: the sink compares
   * the rest after the restart, the markers it had compared but the slot had not confirmed sent a
   * second time and recognised.
   */
  private static void killedDuringAnOnlineVerification(MigrationUnderLoad migration)
      throws Exception {
    StringWriter output = new StringWriter();
    CompletableFuture<Integer> verify =
        PgcarryCli.start(
            output,
            "verify",
            "--online",
            "--name",
            migration.name,
            "--work-dir",
            migration.workDir.toString(),
            "--source",
            migration.source.uri(migration.database),
            "--target",
            migration.target.uri(migration.targetDatabase),
            "--chunk-rows",
            "5000",
            "--rate",
            Integer.toString(VERIFY_RATE),
            "--timeout",
            "PT10M",
            "--json");
    long[] comparedAtKill = new long[1];
    migration.fault(
        "migrate killed (kill -9) during an online verification, restarted",
        () -> {
          WaitFor.condition(
              MigrationUnderLoad.STEP_TIMEOUT,
              "the sink to compare a chunk of the online verification",
              () -> {
                assertThat(verify).as(output::toString).isNotDone();
                return compared(migration) > 0;
              });
          migration.process().kill();
          comparedAtKill[0] = compared(migration);
          migration.startMigrate();
        });
    assertThat(verify.get(10, TimeUnit.MINUTES)).as(output::toString).isZero();
    JsonNode report = new ObjectMapper().readTree(output.toString());
    int chunks = 0;
    for (JsonNode table : report.path("tables")) {
      assertThat(table.path("matched").asInt())
          .as(table.toString())
          .isEqualTo(table.path("chunks").asInt());
      chunks += table.path("chunks").asInt();
    }
    System.out.printf(
        "KillNineIT: online verification of %d chunks, %d compared before the kill, the rest"
            + " after the restart, every table identical%n",
        chunks, comparedAtKill[0]);
    assertThat(comparedAtKill[0]).as("compared before the kill").isPositive().isLessThan(chunks);
    assertThat(compared(migration)).as("each chunk compared once").isEqualTo(chunks);
  }

  /** The chunks of online verifications the sink has compared in this migration. */
  private static long compared(MigrationUnderLoad migration) throws Exception {
    try (Connection c = migration.connectTarget();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT to_regclass('pgcarry.verified_chunk') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pgcarry.verified_chunk")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
