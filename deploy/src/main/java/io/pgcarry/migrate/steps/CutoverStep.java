package io.pgcarry.migrate.steps;

import io.pgcarry.common.Lsn;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.cleanup.AccountLeftovers;
import io.pgcarry.migrate.probes.ProgressMonitor;
import io.pgcarry.migrate.state.CutoverRequest;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.WorkDir;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *   <li>bring the last online verification up to this point ({@link Recheck}): the chunks changed
 *       since the sink compared them are compared again on both sides, which no longer change; a
 *       difference fails the cutover, and replication goes on;
 *   <li>with {@code cutover --fallback}, create on each target the publication and the slot that
 *       the new server streams back to the old one from ({@link Fallback}): their consistent point
 *       follows every forward change and precedes every write of the application there;
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
  private final Fallback fallback;
  private final Recheck recheck;
  private CutoverResult result;
  private boolean fallingBack;

  /**
   * @param timeout how long the cutover may wait for the source connectors and the sinks
   * @param progress receives what the cutover is waiting for
   * @param fallback what a cutover with {@code --fallback} does besides
   * @param recheck what becomes of the last online verification
   */
  public CutoverStep(
      MigrationRun run,
      WorkDir workDir,
      List<DatabaseMigration> databases,
      ProgressMonitor monitor,
      Duration timeout,
      Consumer<String> progress,
      Fallback fallback,
      Recheck recheck) {
    this.run = run;
    this.workDir = workDir;
    this.databases = List.copyOf(databases);
    this.monitor = monitor;
    this.timeout = timeout;
    this.progress = progress;
    this.fallback = fallback;
    this.recheck = recheck;
  }

  /**
   * What a cutover with {@code --fallback} does besides: checks, before anything is ended, that the
   * way back can run; creates, once the target has every change and before the forward connectors
   * go, the slot the new server streams back from.
   */
  public interface Fallback {
    /**
     * @return warnings, one line each
     * @throws IllegalStateException naming every reason the way back cannot run, with its fix
     */
    List<String> check(List<DatabaseMigration> databases) throws SQLException;

    /**
     * @return what was created, one line
     */
    String createSlot(DatabaseMigration database) throws SQLException;
  }

  /**
   * Brings a database's last online verification up to the cutover, once its target has every
   * change and the source no longer changes.
   */
  public interface Recheck {
    /**
     * @return one line for the summary, or empty when no online verification ran
     * @throws IllegalStateException naming the chunks that differ, with the fix
     */
    Optional<String> recheck(DatabaseMigration database) throws SQLException;
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

  /** Whether the last cutover, successful, asked for the way back. */
  public boolean fallingBack() {
    return fallingBack;
  }

  /** The outcome of the last run. */
  public CutoverResult result() {
    return result;
  }

  private CutoverResult cutOver(CutoverRequest request) {
    List<String> steps = new ArrayList<>();
    Map<DatabaseMigration, Lsn> positions = new LinkedHashMap<>();
    try {
      PositionGate gate = new PositionGate(timeout, line -> progress.accept("cutover: " + line));
      for (DatabaseMigration database : streaming()) {
        List<String> waiting = database.waitingTables();
        if (!waiting.isEmpty()) {
          // The target has such a table, without the rows the source holds.
          throw new IllegalStateException(named(database, String.join("; ", waiting)));
        }
      }
      if (request.fallback()) {
        steps.addAll(fallback.check(streaming()));
      }
      for (DatabaseMigration database : streaming()) {
        positions.put(database, PositionGate.note(database.spec().source(), "source", "cutover"));
        steps.add(named(database, "source position noted: " + positions.get(database)));
      }
      for (Map.Entry<DatabaseMigration, Lsn> position : positions.entrySet()) {
        Instant start = Instant.now();
        MigrationSpec spec = position.getKey().spec();
        gate.awaitSlot(spec.source(), "source", spec.slotName(), spec.name(), position.getValue());
        steps.add(
            named(
                position.getKey(),
                TargetFinish.timed(
                    "source connector confirmed the slot up to " + position.getValue(), start)));
      }
      Instant start = Instant.now();
      int partitions = gate.awaitSinks(monitor::measure);
      steps.add(
          TargetFinish.timed("target applied every change (" + partitions + " partitions)", start));
      for (DatabaseMigration database : streaming()) {
        recheck.recheck(database).ifPresent(line -> steps.add(named(database, line)));
      }
      if (request.fallback()) {
        // Before the forward connectors go: the application is stopped and the sinks are done, so
        // the slot's consistent point follows every forward change and precedes every write the
        // application makes on the new server.
        for (DatabaseMigration database : streaming()) {
          start = Instant.now();
          steps.add(named(database, TargetFinish.timed(fallback.createSlot(database), start)));
        }
      }
      for (DatabaseMigration database : streaming()) {
        start = Instant.now();
        steps.add(named(database, TargetFinish.timed(database.endReplication(), start)));
      }
      for (DatabaseMigration database : databases) {
        TargetFinish.run(database, run.keepBookkeeping())
            .forEach(line -> steps.add(named(database, line)));
      }
      fallingBack = request.fallback();
      return new CutoverResult(
          request.id(),
          true,
          message(positions),
          positionText(positions),
          steps,
          request.fallback() ? List.of() : AccountLeftovers.of(databases.get(0).spec()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(request, "interrupted", positions, steps);
    } catch (Exception e) {
      LOG.error("Cutover of {} failed", run.name(), e);
      return failed(request, e.getMessage(), positions, steps);
    }
  }

  /** The databases whose changes stream; one without tables has no slot. */
  public List<DatabaseMigration> streaming() {
    return databases.stream().filter(DatabaseMigration::hasTables).toList();
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
