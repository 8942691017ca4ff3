package io.pgcarry.migrate.steps;

import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.ReplicationSlot;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.cleanup.AccountLeftovers;
import io.pgcarry.migrate.probes.Lag;
import io.pgcarry.migrate.probes.ProgressMonitor;
import io.pgcarry.migrate.state.CutoverRequest;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.WorkDir;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a migration once the target has every change the source committed before the request, for
 * every database of the run together:
 *
 * <ol>
 *   <li>note each source database's current WAL position L, after a transactional logical message
 *       so that its stream carries a commit at L;
 *   <li>wait until each source connector has confirmed its slot up to its L, so every change before
 *       it is in Kafka;
 *   <li>wait until the sinks have applied every record in the change topics;
 *   <li>only then, for each database, delete both connectors and drop the slot and the publication
 *       ({@link DatabaseMigration#endReplication}), so nothing can later overwrite the target;
 *   <li>finish each target ({@link TargetFinish}): sequences, materialized views, foreign keys,
 *       pgcarry's bookkeeping; and say what the source account leaves behind ({@link
 *       AccountLeftovers}).
 * </ol>
 *
 * The application must have stopped writing to the sources: what it commits after L does not reach
 * the target. The step answers the cutover request in the work directory; when a database does not
 * reach its position in time, the cutover fails for all of them, it throws {@link CutoverFailed}
 * and replication goes on everywhere.
 */
public final class CutoverStep implements MigrationStep {

  private static final Logger LOG = LoggerFactory.getLogger(CutoverStep.class);

  private final MigrationRun run;
  private final WorkDir workDir;
  private final List<DatabaseMigration> databases;
  private final ProgressMonitor monitor;
  private final Duration timeout;
  private final Consumer<String> progress;
  private CutoverResult result;

  /**
   * @param timeout how long the cutover may wait for the source connectors and the sinks
   * @param progress receives what the cutover is waiting for
   */
  public CutoverStep(
      MigrationRun run,
      WorkDir workDir,
      List<DatabaseMigration> databases,
      ProgressMonitor monitor,
      Duration timeout,
      Consumer<String> progress) {
    this.run = run;
    this.workDir = workDir;
    this.databases = List.copyOf(databases);
    this.monitor = monitor;
    this.timeout = timeout;
    this.progress = progress;
  }

  @Override
  public Step step() {
    return Step.CUTOVER;
  }

  @Override
  public String description() {
    return "cutting over";
  }

  /**
   * Answers the pending cutover request.
   *
   * @throws CutoverFailed when the target could not be brought up to the source, or replication
   *     could not be ended; the result says why
   */
  @Override
  public void run() {
    CutoverRequest request =
        workDir
            .cutoverRequest()
            .orElseThrow(() -> new IllegalStateException("no cutover was requested"));
    result = cutOver(request);
    if (!result.success()) {
      throw new CutoverFailed(result);
    }
  }

  /** The outcome of the last run. */
  public CutoverResult result() {
    return result;
  }

  private CutoverResult cutOver(CutoverRequest request) {
    List<String> steps = new ArrayList<>();
    Map<DatabaseMigration, Lsn> positions = new LinkedHashMap<>();
    try {
      Instant deadline = Instant.now().plus(timeout);
      for (DatabaseMigration database : streaming()) {
        List<String> waiting = database.waitingTables();
        if (!waiting.isEmpty()) {
          // The target has such a table, without the rows the source holds.
          throw new IllegalStateException(named(database, String.join("; ", waiting)));
        }
      }
      for (DatabaseMigration database : streaming()) {
        positions.put(database, currentPosition(database.spec()));
        steps.add(named(database, "source position noted: " + positions.get(database)));
      }
      for (Map.Entry<DatabaseMigration, Lsn> position : positions.entrySet()) {
        Instant start = Instant.now();
        waitForSlot(position.getKey().spec(), position.getValue(), deadline);
        steps.add(
            named(
                position.getKey(),
                TargetFinish.timed(
                    "source connector confirmed the slot up to " + position.getValue(), start)));
      }
      Instant start = Instant.now();
      int partitions = waitForSinks(deadline);
      steps.add(
          TargetFinish.timed("target applied every change (" + partitions + " partitions)", start));
      for (DatabaseMigration database : streaming()) {
        start = Instant.now();
        steps.add(named(database, TargetFinish.timed(database.endReplication(), start)));
      }
      for (DatabaseMigration database : databases) {
        TargetFinish.run(database, run.keepBookkeeping())
            .forEach(line -> steps.add(named(database, line)));
      }
      return new CutoverResult(
          request.id(),
          true,
          message(positions),
          positionText(positions),
          steps,
          AccountLeftovers.of(databases.get(0).spec()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(request, "interrupted", positions, steps);
    } catch (Exception e) {
      LOG.error("Cutover of {} failed", run.name(), e);
      return failed(request, e.getMessage(), positions, steps);
    }
  }

  /** The databases whose changes stream; one without tables has no slot. */
  private List<DatabaseMigration> streaming() {
    return databases.stream().filter(DatabaseMigration::hasTables).toList();
  }

  private int waitForSinks(Instant deadline) throws SQLException, InterruptedException {
    List<Lag.PartitionLag> marks = monitor.measure().partitions();
    for (Lag now = monitor.measure(); !now.reached(marks); now = monitor.measure()) {
      checkDeadline(deadline, "the sink to apply every change");
      progress.accept("cutover: waiting for the sink, " + now.records() + " records to apply");
      Thread.sleep(500);
    }
    return marks.size();
  }

  private String named(DatabaseMigration database, String line) {
    return databases.size() == 1 ? line : database.spec().source().database() + ": " + line;
  }

  private String message(Map<DatabaseMigration, Lsn> positions) {
    return positions.size() <= 1
        ? "cutover complete at source LSN " + positionText(positions)
        : "cutover of "
            + databases.size()
            + " databases complete at source LSN "
            + positionText(positions);
  }

  /** The highest position noted: LSNs are one sequence per server, whatever the database. */
  private static String positionText(Map<DatabaseMigration, Lsn> positions) {
    return positions.values().stream().max(Lsn::compareTo).map(Lsn::toString).orElse(null);
  }

  private static CutoverResult failed(
      CutoverRequest request,
      String why,
      Map<DatabaseMigration, Lsn> positions,
      List<String> steps) {
    return new CutoverResult(
        request.id(), false, "cutover failed: " + why, positionText(positions), steps);
  }

  private static Lsn currentPosition(MigrationSpec spec) throws SQLException {
    try (Connection source = Connections.open(spec.source(), "source");
        Statement statement = source.createStatement()) {
      // A transactional message puts a commit into the stream at the position we wait for, even
      // when the application has stopped writing.
      statement.execute("SELECT pg_logical_emit_message(true, 'pgcarry', 'cutover')");
      try (ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
        rs.next();
        return Lsn.parse(rs.getString(1));
      }
    }
  }

  private void waitForSlot(MigrationSpec spec, Lsn target, Instant deadline)
      throws SQLException, InterruptedException {
    ReplicationSlot slot = new ReplicationSlot(spec.slotName());
    try (Connection source = Connections.open(spec.source(), "source")) {
      while (true) {
        Lsn confirmed =
            slot.state(source)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "replication slot " + slot + " does not exist on the source"))
                .confirmedFlush();
        if (confirmed != null && confirmed.compareTo(target) >= 0) {
          return;
        }
        progress.accept(
            "cutover: waiting for the source connector of "
                + spec.name()
                + ", slot at "
                + confirmed
                + ", target "
                + target);
        checkDeadline(deadline, "the source connector of " + spec.name() + " to reach " + target);
        Thread.sleep(500);
      }
    }
  }

  private void checkDeadline(Instant deadline, String what) {
    if (Instant.now().isAfter(deadline)) {
      throw new IllegalStateException(
          "timed out after "
              + timeout.toSeconds()
              + " s waiting for "
              + what
              + "; replication is still running, retry the cutover");
    }
  }

  /** A cutover that did not complete; replication goes on. */
  public static final class CutoverFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CutoverResult result;

    CutoverFailed(CutoverResult result) {
      super(result.message());
      this.result = result;
    }

    public CutoverResult result() {
      return result;
    }
  }
}
