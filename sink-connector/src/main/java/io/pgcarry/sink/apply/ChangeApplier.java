package io.pgcarry.sink.apply;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.catalog.MissingTableException;
import io.pgcarry.sink.catalog.TargetCatalog;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.position.AppliedPosition;
import io.pgcarry.sink.position.PositionStore;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches of change events to the target: one transaction per batch holding the changes and
 * the new positions, in a session with {@code session_replication_role = replica} so that target
 * triggers and foreign key checks do not fire. Opens its connection lazily and drops it after a
 * transient failure, so the next batch reconnects. Not thread-safe: one per task.
 */
public final class ChangeApplier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);

  private final Supplier<Connection> connector;
  private final PositionStore positions;
  private final TargetCatalog catalog = new TargetCatalog();
  private final ApplyPlanner planner;
  private final DmlRenderer renderer = new DmlRenderer();
  private final SinkTaskMetrics metrics;
  private Connection connection;

  /**
   * @param connector opens a new connection to the target (throws on failure)
   * @param positions the applied position table
   * @param planner plans batches
   * @param metrics where to count what was applied
   */
  public ChangeApplier(
      Supplier<Connection> connector,
      PositionStore positions,
      ApplyPlanner planner,
      SinkTaskMetrics metrics) {
    this.connector = connector;
    this.positions = positions;
    this.planner = planner;
    this.metrics = metrics;
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
      throw failure("Failed to read the applied positions", e);
    } catch (ConnectionFailure e) {
      throw unreachable(e);
    }
  }

  /**
   * Applies events and records the positions reached, in one transaction.
   *
   * @param events change events in arrival order
   * @param reached the position of every partition the batch came from, including records that were
   *     not change events
   * @throws ApplyFailure naming the failed step; the transaction is rolled back
   * @throws PlanningException when the events cannot be applied correctly
   */
  public void apply(List<ChangeEvent> events, Collection<AppliedPosition> reached) {
    long started = System.nanoTime();
    ApplyStep current = null;
    try {
      Connection c = connection();
      List<ApplyStep> steps = planner.plan(events, tables(c, events));
      for (ApplyStep step : steps) {
        current = step;
        execute(c, step);
      }
      current = null;
      positions.write(c, reached);
      c.commit();
      metrics.batchApplied(steps, events.size(), System.nanoTime() - started, events);
    } catch (SQLException e) {
      rollback();
      if (!SqlStateClassifier.isTransient(e) && isCatalogChange(e)) {
        catalog.forget();
      }
      throw failure(describe(current), e);
    } catch (ConnectionFailure e) {
      throw unreachable(e);
    } catch (RuntimeException e) {
      rollback();
      throw e;
    }
  }

  /** The target cannot be reached; retriable when the cause is (refused, starting up). */
  private ApplyFailure unreachable(ConnectionFailure e) {
    close();
    boolean retriable =
        !(e.getCause() instanceof SQLException cause) || SqlStateClassifier.isTransient(cause);
    return new ApplyFailure(e.getMessage(), retriable, null);
  }

  private void execute(Connection c, ApplyStep step) throws SQLException {
    if (step.kind() == StepKind.COPY) {
      copy(c, step);
      return;
    }
    SqlStatement statement = renderer.render(step);
    try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
      int i = 1;
      for (Object parameter : statement.parameters()) {
        if (parameter instanceof String[] array) {
          ps.setArray(i++, c.createArrayOf("text", array));
        } else {
          ps.setString(i++, (String) parameter);
        }
      }
      int count = ps.executeUpdate();
      expectRows(step, count);
    }
  }

  /**
   * Loads snapshot rows with COPY. A keyed table may hold some of them already (a snapshot read
   * again without its start marker); then the rows are upserted instead, from a savepoint.
   */
  private void copy(Connection c, ApplyStep step) throws SQLException {
    SqlStatement statement = renderer.render(step);
    Savepoint savepoint = step.key().isEmpty() ? null : c.setSavepoint();
    try {
      CopyManager copy = c.unwrap(BaseConnection.class).getCopyAPI();
      copy.copyIn(statement.sql(), new StringReader((String) statement.parameters().get(0)));
    } catch (SQLException e) {
      if (savepoint == null || !"23505".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
      execute(c, step.as(StepKind.UPSERT));
      return;
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
    }
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
  }

  /** An update that finds no row would lose the change silently; stop instead. */
  private static void expectRows(ApplyStep step, int count) {
    boolean missing =
        switch (step.kind()) {
          case UPDATE_PRESENT -> count < step.rows().size();
          case UPDATE_ONE, DELETE_ONE, MOVE_KEY -> count != 1;
          default -> false;
        };
    if (missing) {
      throw new PlanningException(
          describe(step)
              + ": "
              + count
              + " target rows matched where the source changed an existing row; the target"
              + " has diverged from the source");
    }
  }

  private Map<TableId, TargetTable> tables(Connection c, List<ChangeEvent> events)
      throws SQLException {
    Map<TableId, TargetTable> tables = new LinkedHashMap<>();
    for (ChangeEvent event : events) {
      try {
        TargetTable table = tables.get(event.table());
        if (table == null) {
          table = catalog.table(c, event.table());
          tables.put(event.table(), table);
        }
        if (!knowsColumns(table, event)) {
          // The target table changed since it was read (columns added alongside the source).
          tables.put(event.table(), catalog.reload(c, event.table()));
        }
      } catch (MissingTableException e) {
        throw new PlanningException(e.getMessage() + " (" + event.position() + ")");
      }
    }
    return tables;
  }

  private static boolean knowsColumns(TargetTable table, ChangeEvent event) {
    for (io.pgcarry.sink.event.Row row : java.util.Arrays.asList(event.before(), event.after())) {
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
    boolean retriable = SqlStateClassifier.isTransient(e);
    if (retriable) {
      close();
    }
    SQLException sanitized = new SQLException(SqlStateClassifier.describe(e), e.getSQLState());
    return new ApplyFailure(what + ": " + SqlStateClassifier.describe(e), retriable, sanitized);
  }

  private static boolean isCatalogChange(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("42") || state.equals("0A000"));
  }

  private static String describe(ApplyStep step) {
    if (step == null) {
      return "Failed to record the applied positions";
    }
    return "Failed to apply "
        + step.positions().size()
        + " events as "
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
