package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a migration once the target has every change the source committed before the request:
 *
 * <ol>
 *   <li>note the source's current WAL position L, after a transactional logical message so that the
 *       stream carries a commit at L;
 *   <li>wait until the source connector has confirmed the slot up to L, so every change before L is
 *       in Kafka;
 *   <li>wait until the sink has applied every record in the change topics;
 *   <li>delete both connectors, drop the slot and the publication ({@link MigrationCleanup}), so
 *       nothing can later overwrite the target;
 *   <li>copy sequence values, refresh materialized views, validate foreign keys.
 * </ol>
 *
 * The application must have stopped writing to the source: what it commits after L does not reach
 * the target. The step answers the cutover request in the work directory; when the cutover fails,
 * it throws {@link CutoverFailed} and replication goes on.
 */
final class CutoverStep implements MigrationStep {

  private static final Logger LOG = LoggerFactory.getLogger(CutoverStep.class);
  private static final SqlResource SLOT_POSITION =
      SqlResource.load(CutoverStep.class, "slot-position.sql");

  private final MigrationSpec spec;
  private final WorkDir workDir;
  private final MigrationConnectors connectors;
  private final LagProbe lag;
  private final SchemaWork schema;
  private final Duration timeout;
  private final Consumer<String> progress;
  private CutoverResult result;

  /**
   * @param timeout how long the cutover may wait for the source connector and the sink
   * @param progress receives what the cutover is waiting for
   */
  CutoverStep(
      MigrationSpec spec,
      WorkDir workDir,
      MigrationConnectors connectors,
      LagProbe lag,
      SchemaWork schema,
      Duration timeout,
      Consumer<String> progress) {
    this.spec = spec;
    this.workDir = workDir;
    this.connectors = connectors;
    this.lag = lag;
    this.schema = schema;
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
  CutoverResult result() {
    return result;
  }

  private CutoverResult cutOver(CutoverRequest request) {
    List<String> steps = new ArrayList<>();
    Lsn target = null;
    MigrationCleanup cleanup = new MigrationCleanup(spec.migrationName(), spec.positionTable());
    try (Connection source = Connections.open(spec.source(), "source")) {
      Instant deadline = Instant.now().plus(timeout);
      target = currentPosition(source);
      steps.add(timed("source position noted: " + target, Instant.now()));
      Instant start = Instant.now();
      waitForSlot(source, target, deadline);
      steps.add(timed("source connector confirmed the slot up to " + target, start));
      start = Instant.now();
      List<Lag.PartitionLag> marks = lag.measure().partitions();
      for (Lag now = lag.measure(); !now.reached(marks); now = lag.measure()) {
        checkDeadline(deadline, "the sink to apply every change");
        progress.accept("cutover: waiting for the sink, " + now.records() + " records to apply");
        Thread.sleep(500);
      }
      steps.add(timed("target applied every change (" + marks.size() + " partitions)", start));
      start = Instant.now();
      connectors.delete();
      steps.add(timed("connectors deleted", start));
      start = Instant.now();
      cleanup.dropSlot(source, deadline);
      steps.add(timed("slot " + spec.slotName() + " dropped", start));
      steps.add(cleanup.dropPublication(source));
      try (Connection targetDb = Connections.open(spec.target(), "target")) {
        start = Instant.now();
        int sequences = FinalSync.copySequences(source, targetDb);
        steps.add(timed(sequences + " sequence values copied", start));
        start = Instant.now();
        int views = FinalSync.refreshMaterializedViews(targetDb);
        steps.add(timed(views + " materialized views refreshed", start));
      }
      start = Instant.now();
      schema.validateForeignKeys();
      steps.add(timed("foreign keys validated", start));
      return new CutoverResult(
          request.id(), true, "cutover complete at source LSN " + target, target.toString(), steps);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(request, "interrupted", target, steps);
    } catch (Exception e) {
      LOG.error("Cutover of {} failed", spec.name(), e);
      return failed(request, e.getMessage(), target, steps);
    }
  }

  private static CutoverResult failed(
      CutoverRequest request, String why, Lsn target, List<String> steps) {
    return new CutoverResult(
        request.id(),
        false,
        "cutover failed: " + why,
        target == null ? null : target.toString(),
        steps);
  }

  private Lsn currentPosition(Connection source) throws SQLException {
    try (Statement statement = source.createStatement()) {
      // A transactional message puts a commit into the stream at the position we wait for, even
      // when the application has stopped writing.
      statement.execute("SELECT pg_logical_emit_message(true, 'pgcarry', 'cutover')");
      try (ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
        rs.next();
        return Lsn.parse(rs.getString(1));
      }
    }
  }

  private void waitForSlot(Connection source, Lsn target, Instant deadline)
      throws SQLException, InterruptedException {
    while (true) {
      try (PreparedStatement statement = source.prepareStatement(SLOT_POSITION.text())) {
        statement.setString(1, spec.slotName());
        try (ResultSet rs = statement.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException(
                "replication slot " + spec.slotName() + " does not exist on the source");
          }
          String confirmed = rs.getString(1);
          if (confirmed != null && Lsn.parse(confirmed).compareTo(target) >= 0) {
            return;
          }
          progress.accept(
              "cutover: waiting for the source connector, slot at "
                  + confirmed
                  + ", target "
                  + target);
        }
      }
      checkDeadline(deadline, "the source connector to reach " + target);
      Thread.sleep(500);
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

  private static String timed(String step, Instant start) {
    return step + " (" + Duration.between(start, Instant.now()).toMillis() + " ms)";
  }

  /** A cutover that did not complete; replication goes on. */
  static final class CutoverFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CutoverResult result;

    CutoverFailed(CutoverResult result) {
      super(result.message());
      this.result = result;
    }

    CutoverResult result() {
      return result;
    }
  }
}
