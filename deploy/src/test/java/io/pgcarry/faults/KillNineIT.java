package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the whole {@code migrate} process — its Kafka broker and Connect worker
 * included, which cannot be killed alone since they run inside it — under a sustained write load,
 * twice in one migration: during the full load, then while changes stream. Each time the restarted
 * process resumes from its work directory. After the first kill the source connector cannot
 * continue the load (its exported snapshot died with the process): it drops the slot and reads
 * every table again from a new snapshot, and the sink empties each table when it meets the new
 * snapshot. After the second, the full load is not read again and the changes the source connector
 * sends a second time are skipped. After each kill, and after cutover, the target equals the
 * source, also for the keyless table of identical rows.
 */
class KillNineIT {

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

      migration.cutover();
      TableComparison comparison = migration.finalComparison();
      assertThat(comparison.equal()).as(comparison::toString).isTrue();
    }
  }
}
