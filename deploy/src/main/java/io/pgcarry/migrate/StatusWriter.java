package io.pgcarry.migrate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes a running migration's status to its work directory: the one place that builds a {@link
 * MigrationStatus}. It keeps the last measurement, so that a new message (during cutover, say) goes
 * out with it, and writes the last status again every couple of seconds, so that the status stays
 * fresh while the run waits on something slow (a Connect worker in the middle of a rebalance can
 * take a minute to answer): another shell tells a live run from a dead one by it. Thread-safe.
 */
final class StatusWriter implements AutoCloseable {

  private static final long KEEP_ALIVE_SECONDS = 2;

  private final String name;
  private final WorkDir workDir;
  private final long pid = ProcessHandle.current().pid();
  private Lag lag = new Lag(List.of(), Optional.empty(), Optional.empty());
  private List<MigrationStatus.TableProgress> tables = List.of();
  private MigrationStatus last;
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pgcarry-status");
            t.setDaemon(true);
            return t;
          });

  StatusWriter(String name, WorkDir workDir) {
    this.name = name;
    this.workDir = workDir;
    keepAlive.scheduleWithFixedDelay(
        this::rewrite, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /** Publishes a new measurement. */
  synchronized MigrationStatus measured(
      Step step, String message, Lag lag, List<MigrationStatus.TableProgress> tables) {
    this.lag = lag;
    this.tables = List.copyOf(tables);
    return write(step, message, lag.records());
  }

  /** Publishes a new message with the last measurement. */
  synchronized MigrationStatus message(Step step, String message) {
    return write(step, message, lag.records());
  }

  /** Publishes the end: cut over, nothing left to apply. */
  synchronized MigrationStatus done(String message) {
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
    last = status;
    return status;
  }

  /** The last status again, now; nothing until a first status was written. */
  private synchronized void rewrite() {
    if (last != null && last.step() != Step.DONE) {
      write(last.step(), last.message(), last.lagRecords());
    }
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
  }
}
