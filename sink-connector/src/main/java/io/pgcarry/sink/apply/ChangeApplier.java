package io.pgcarry.sink.apply;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.sink.catalog.MissingTableException;
import io.pgcarry.sink.catalog.TargetCatalog;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChunkCheck;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.Row;
import io.pgcarry.sink.event.SchemaChange;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.position.PositionStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches of changes to the target: one transaction per batch holding the changes and the
 * new positions, in a session with {@code session_replication_role = replica} so that target
 * triggers and foreign key checks do not fire, and with deferrable constraints deferred to the
 * commit. A batch that fails on a constraint is applied again change by change ({@link
 * ConstraintDiagnosis}) before it is declared failed. Opens its connection lazily and drops it
 * after a transient failure, so the next batch reconnects. Not thread-safe: one per task.
 */
public final class ChangeApplier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);

  private final Supplier<Connection> connector;
  private final PositionStore positions;
  private final TargetCatalog catalog = new TargetCatalog();
  private final ApplyPlanner planner;
  private final StepExecutor executor = new StepExecutor();
  private final ConstraintDiagnosis diagnosis = new ConstraintDiagnosis(executor);
  private final SinkTaskMetrics metrics;
  private final ChunkCheckStep checks;
  private Connection connection;

  /**
   * @param connector opens a new connection to the target (throws on failure)
   * @param positions the applied position table
   * @param planner plans batches
   * @param metrics where to count what was applied
   * @param checks compares chunks of the online verification at their markers
   */
  public ChangeApplier(
      Supplier<Connection> connector,
      PositionStore positions,
      ApplyPlanner planner,
      SinkTaskMetrics metrics,
      ChunkCheckStep checks) {
    this.connector = connector;
    this.positions = positions;
    this.planner = planner;
    this.metrics = metrics;
    this.checks = checks;
  }

  /** Creates the position table when missing and returns the stored positions. */
  public List<AppliedPosition> storedPositions() {
    try {
      Connection c = connection();
      positions.create(c);
      List<AppliedPosition> stored = positions.read(c);
      c.commit();
      return stored;
    } catch (SQLException e) {
      rollback();
      throw failure("Failed to read the applied positions", e);
    } catch (ConnectionFailure e) {
      throw unreachable(e);
    }
  }

  /**
   * The target tables the changes name, read from the catalog on first use, for decisions taken
   * before a batch is applied.
   *
   * @throws ApplyFailure when the catalog cannot be read
   * @throws PlanningException when a table does not exist on the target
   */
  public Map<TableId, TargetTable> tables(List<? extends Change> changes) {
    try {
      Connection c = connection();
      Map<TableId, TargetTable> tables = tables(c, changes);
      c.commit();
      return tables;
    } catch (SQLException e) {
      rollback();
      throw failure("Failed to read the target tables", e);
    } catch (ConnectionFailure e) {
      throw unreachable(e);
    }
  }

  /**
   * Applies changes, then a captured DDL command or compares a chunk of the online verification
   * when one is given, and records the positions reached, in one transaction. Set-based first; when
   * the target refuses that on a constraint, or the batch cannot be planned against the target's
   * tables, change by change in source order ({@link ConstraintDiagnosis}), which either commits
   * the batch (the set-based plan was wrong, which is worth a warning) or names the change the
   * target refuses: its table, key and LSN.
   *
   * @param changes changes in arrival order
   * @param reached the position of every partition the batch came from, including records that were
   *     not changes
   * @param command the DDL command to run after the changes, or null
   * @param check the chunk to compare after the changes, or null
   * @throws ApplyFailure naming the failed step or command; the transaction is rolled back
   * @throws PlanningException when the changes cannot be applied correctly, or the command's text
   *     cannot be found
   */
  public void apply(
      List<Change> changes,
      Collection<AppliedPosition> reached,
      SchemaChange command,
      ChunkCheck check) {
    long started = System.nanoTime();
    String ddl = command == null ? null : SchemaChangeStep.statement(command);
    SetBased setBased = new SetBased(changes);
    String refused;
    try {
      int statements = commit(changes, reached, command, ddl, check, setBased);
      metrics.batchApplied(statements, System.nanoTime() - started, changes);
      return;
    } catch (SQLException e) {
      if (!SqlStates.isConstraintViolation(e) && !SqlStates.isCatalogMismatch(e.getSQLState())) {
        throw failure(describe(setBased.current), e);
      }
      refused = describe(setBased.current) + ": " + describe(e);
    } catch (PlanningException e) {
      // A column missing on the target, say: planned change by change, the failure names the
      // change.
      refused = e.getMessage();
    }
    catalog.forget();
    try {
      int statements =
          commit(
              changes,
              reached,
              command,
              ddl,
              check,
              (c, tables) -> {
                try {
                  return diagnosis.apply(c, changes, tables);
                } catch (ApplyFailure e) {
                  throw new ApplyFailure(refused + "; " + e.getMessage(), false, e.getCause());
                }
              });
      LOG.warn("{}; applied change by change in source order instead, which succeeded", refused);
      metrics.batchApplied(statements, System.nanoTime() - started, changes);
      metrics.appliedChangeByChange();
    } catch (SQLException e) {
      throw failure(refused + "; applying it change by change failed too", e);
    }
  }

  /** How a transaction applies a batch's changes to the target tables they name. */
  private interface ChangeWork {
    /** Returns how many statements it ran. */
    int apply(Connection c, Map<TableId, TargetTable> tables) throws SQLException;
  }

  /** The batch as planned set-based runs, remembering the step that failed. */
  private final class SetBased implements ChangeWork {
    private final List<Change> changes;
    private ApplyStep current;

    SetBased(List<Change> changes) {
      this.changes = changes;
    }

    @Override
    public int apply(Connection c, Map<TableId, TargetTable> tables) throws SQLException {
      List<ApplyStep> steps = planner.plan(changes, tables);
      for (ApplyStep step : steps) {
        current = step;
        executor.execute(c, step);
      }
      current = null;
      return steps.size();
    }
  }

  /**
   * One transaction: the changes as {@code work} applies them, the DDL command, the chunk's
   * comparison, the positions, committed; rolled back on any failure.
   *
   * @return the statements {@code work} ran
   */
  private int commit(
      List<Change> changes,
      Collection<AppliedPosition> reached,
      SchemaChange command,
      String ddl,
      ChunkCheck check,
      ChangeWork work)
      throws SQLException {
    try {
      Connection c = connection();
      deferConstraints(c);
      int statements = work.apply(c, tables(c, changes));
      runSchemaChange(c, command, ddl);
      compareChunk(c, check);
      positions.write(c, reached);
      c.commit();
      return statements;
    } catch (ConnectionFailure e) {
      throw unreachable(e);
    } catch (SchemaChangeFailure e) {
      rollback();
      throw e.failure(failure(e.getMessage(), e.cause));
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw e;
    }
  }

  /**
   * Runs a captured DDL command after the changes before it; the target tables are read anew
   * afterwards.
   */
  private void runSchemaChange(Connection c, SchemaChange command, String ddl) {
    if (command == null) {
      return;
    }
    try {
      SchemaChangeStep.run(c, command, ddl);
    } catch (SQLException e) {
      throw new SchemaChangeFailure(
          "Failed to apply the DDL " + SchemaChangeStep.describe(command, ddl) + " to the target",
          command.skipAdvice(),
          e);
    } finally {
      catalog.forget();
    }
  }

  /** Compares a chunk of the online verification after the changes before its marker. */
  private void compareChunk(Connection c, ChunkCheck check) {
    if (check == null) {
      return;
    }
    try {
      checks.run(c, check);
    } catch (SQLException e) {
      throw failure("Failed to compare " + ChunkCheckStep.describe(check) + " on the target", e);
    }
  }

  /** A captured DDL command the target refused. */
  private static final class SchemaChangeFailure extends RuntimeException {
    private final SQLException cause;
    private final String skipAdvice;

    SchemaChangeFailure(String message, String skipAdvice, SQLException cause) {
      super(message);
      this.cause = cause;
      this.skipAdvice = skipAdvice;
    }

    /** The failure with the operator's way out, unless it is retried. */
    ApplyFailure failure(ApplyFailure plain) {
      if (plain.isTransient()) {
        return plain;
      }
      return new ApplyFailure(
          plain.getMessage()
              + ". Make the target able to run it and resume, or make the target match by hand"
              + " and skip it: "
              + skipAdvice,
          false,
          plain.getCause());
    }
  }

  /**
   * Defers the checks of deferrable constraints to the commit: the sink commits only where a source
   * transaction ended for such a table, where the source checked them too.
   * https://www.postgresql.org/docs/current/sql-set-constraints.html
   */
  private static void deferConstraints(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET CONSTRAINTS ALL DEFERRED");
    }
  }

  /** Reads the target tables anew when next used: keys were added to some, say. */
  public void forgetTables() {
    catalog.forget();
  }

  /** The target cannot be reached; retriable when the cause is (refused, starting up). */
  private ApplyFailure unreachable(ConnectionFailure e) {
    close();
    boolean retriable =
        !(e.getCause() instanceof SQLException cause) || SqlStates.isTransient(cause);
    return new ApplyFailure(e.getMessage(), retriable, null);
  }

  private Map<TableId, TargetTable> tables(Connection c, List<? extends Change> changes)
      throws SQLException {
    Map<TableId, TargetTable> tables = new LinkedHashMap<>();
    for (Change change : changes) {
      try {
        TargetTable table = tables.get(change.table());
        if (table == null) {
          table = catalog.table(c, change.table());
          tables.put(change.table(), table);
        }
        if (!knowsColumns(table, change)) {
          // The target table changed since it was read (columns added alongside the source).
          tables.put(change.table(), catalog.reload(c, change.table()));
        }
      } catch (MissingTableException e) {
        throw new PlanningException(e.getMessage() + " (" + change.position() + ")");
      }
    }
    return tables;
  }

  private static boolean knowsColumns(TargetTable table, Change change) {
    if (change instanceof FullLoadRecord load) {
      return load.columns().stream().allMatch(c -> table.column(c) != null);
    }
    ChangeEvent event = (ChangeEvent) change;
    for (Row row : Arrays.asList(event.before(), event.after())) {
      if (row != null && row.columns().stream().anyMatch(c -> table.column(c) == null)) {
        return false;
      }
    }
    return true;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      Connection c = connector.get();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // Target triggers and foreign keys must not fire for replicated rows:
        // https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-SESSION-REPLICATION-ROLE
        s.execute("SET session_replication_role = replica");
      }
      c.commit();
      catalog.forget();
      connection = c;
    }
    return connection;
  }

  private ApplyFailure failure(String what, SQLException e) {
    boolean retriable = SqlStates.isTransient(e);
    if (retriable) {
      close();
    }
    SQLException sanitized = new SQLException(SqlStates.describe(e), e.getSQLState());
    return new ApplyFailure(what + ": " + SqlStates.describe(e), retriable, sanitized);
  }

  private static String describe(SQLException e) {
    return SqlStates.describe(e);
  }

  /** What a step was, for messages: kind, table and Kafka positions, never values. */
  static String describe(ApplyStep step) {
    if (step == null) {
      return "Failed to record the applied positions or to commit";
    }
    return "Failed to apply "
        + step.positions().size()
        + (step.kind() == StepKind.LOAD ? " full-load records" : " events")
        + " as "
        + step.kind()
        + " to "
        + step.table().id().quoted()
        + " ("
        + step.describePositions()
        + ")";
  }

  private void rollback() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException e) {
        LOG.debug("Rollback failed; dropping the connection", e);
        close();
      }
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing the target connection failed", e);
      }
      connection = null;
    }
  }
}
