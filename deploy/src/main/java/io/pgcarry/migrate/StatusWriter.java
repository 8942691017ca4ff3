package io.pgcarry.migrate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes a running migration's status to its work directory: the one place that builds a {@link
 * MigrationStatus}. It keeps the last measurement, so that a new message (during cutover, say) goes
 * out with it. Not thread-safe.
 */
final class StatusWriter {

  private final String name;
  private final WorkDir workDir;
  private final long pid = ProcessHandle.current().pid();
  private Lag lag = new Lag(List.of(), Optional.empty(), Optional.empty());
  private List<MigrationStatus.TableProgress> tables = List.of();

  StatusWriter(String name, WorkDir workDir) {
    this.name = name;
    this.workDir = workDir;
  }

  /** Publishes a new measurement. */
  MigrationStatus measured(
      Step step, String message, Lag lag, List<MigrationStatus.TableProgress> tables) {
    this.lag = lag;
    this.tables = List.copyOf(tables);
    return write(step, message, lag.records());
  }

  /** Publishes a new message with the last measurement. */
  MigrationStatus message(Step step, String message) {
    return write(step, message, lag.records());
  }

  /** Publishes the end: cut over, nothing left to apply. */
  MigrationStatus done(String message) {
    tables = List.of();
    return write(Step.DONE, message, 0);
  }

  private MigrationStatus write(Step step, String message, long lagRecords) {
    MigrationStatus status =
        new MigrationStatus(
            name,
            pid,
            Instant.now(),
            step,
            message,
            tables,
            lagRecords,
            lag.applied(),
            lag.lastAppliedLsn().orElse(null),
            lag.lastAppliedCommit().orElse(null),
            null);
    workDir.writeStatus(status);
    return status;
  }
}
