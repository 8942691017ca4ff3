package io.pgcarry.migrate;

import java.time.Instant;
import java.util.List;

/**
 * A running migration's status, written to its work directory every few seconds and read by {@code
 * pgcarry status} and {@code pgcarry cutover} from another shell.
 *
 * @param name the migration
 * @param pid the {@code migrate} process
 * @param updatedAt when this status was written
 * @param step the current step
 * @param message what is happening, one line
 * @param tables per-table snapshot progress
 * @param lagRecords change records in Kafka not yet applied to the target
 * @param appliedRecords change records applied so far
 * @param lastAppliedLsn the newest source LSN applied, or null
 * @param lastAppliedCommit source commit time of that change, or null
 * @param failure the first connector failure, or null
 */
public record MigrationStatus(
    String name,
    long pid,
    Instant updatedAt,
    Step step,
    String message,
    List<TableProgress> tables,
    long lagRecords,
    long appliedRecords,
    String lastAppliedLsn,
    Instant lastAppliedCommit,
    String failure) {

  public MigrationStatus {
    tables = List.copyOf(tables);
  }

  /** Rows of one table: counted on the source when the load began, and present on the target. */
  /**
   * One table's full load.
   *
   * @param table the source table's display name
   * @param sourceRows rows to load: the source's estimate, or the exact count once complete
   * @param targetRows rows the sink has applied
   * @param complete whether the table's snapshot end was applied
   * @param rowsPerSecond rows applied per second since the previous measurement
   * @param etaSeconds seconds left at that rate, 0 when complete, null when unknown
   */
  public record TableProgress(
      String table,
      long sourceRows,
      long targetRows,
      boolean complete,
      long rowsPerSecond,
      Long etaSeconds) {}

  /** True when the writing process updated this status recently, so it is alive. */
  public boolean fresh() {
    return updatedAt.isAfter(Instant.now().minusSeconds(20))
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
