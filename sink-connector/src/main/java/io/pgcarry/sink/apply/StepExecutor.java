package io.pgcarry.sink.apply;

import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.sink.event.FullLoadRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Collections;
import java.util.List;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Runs one step's statement in the caller's transaction: binds the rendered statement's parameters,
 * or streams COPY data, and checks that the rows the source changed were there. Stateless apart
 * from its renderer; thread-safe.
 */
final class StepExecutor {

  private final DmlRenderer renderer = new DmlRenderer();

  /**
   * Runs the step.
   *
   * @throws SQLException when the statement fails
   * @throws PlanningException when the target does not hold the rows the source changed, or a COPY
   *     loads another number of rows than its records say
   */
  void execute(Connection c, ApplyStep step) throws SQLException {
    switch (step.kind()) {
      case COPY -> copyRows(c, step);
      case LOAD -> load(c, step);
      default -> run(c, step);
    }
  }

  private void run(Connection c, ApplyStep step) throws SQLException {
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
      expectRows(step, ps.executeUpdate());
    }
  }

  /**
   * Loads snapshot rows (Debezium's read events) with COPY. A keyed table may hold some of them
   * already (a snapshot read again without its start marker); then the rows are upserted instead,
   * from a savepoint.
   */
  private void copyRows(Connection c, ApplyStep step) throws SQLException {
    SqlStatement statement = renderer.render(step);
    Savepoint savepoint = step.key().isEmpty() ? null : c.setSavepoint();
    try {
      copyManager(c)
          .copyIn(statement.sql(), new StringReader((String) statement.parameters().get(0)));
    } catch (SQLException e) {
      if (savepoint == null || !SqlStates.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(savepoint);
      run(c, step.as(StepKind.UPSERT));
      return;
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), SqlStates.CONNECTION_FAILURE, e);
    }
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
  }

  /** Streams the COPY text of full-load records as it is, one COPY for the whole step. */
  private void load(Connection c, ApplyStep step) throws SQLException {
    List<InputStream> parts =
        step.loads().stream()
            .map(FullLoadRecord::data)
            .<InputStream>map(ByteArrayInputStream::new)
            .toList();
    long loaded;
    try (InputStream data = new SequenceInputStream(Collections.enumeration(parts))) {
      loaded = copyManager(c).copyIn(renderer.render(step).sql(), data);
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), SqlStates.CONNECTION_FAILURE, e);
    }
    if (loaded != step.loadRows()) {
      throw new PlanningException(
          "COPY of "
              + step.loads().size()
              + " full-load records into "
              + step.table().id().quoted()
              + " ("
              + step.describePositions()
              + ") loaded "
              + loaded
              + " rows where their headers say "
              + step.loadRows()
              + "; the records are damaged");
    }
  }

  private static CopyManager copyManager(Connection c) throws SQLException {
    return c.unwrap(BaseConnection.class).getCopyAPI();
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
          ChangeApplier.describe(step)
              + ": "
              + count
              + " target rows matched where the source changed an existing row; the target"
              + " has diverged from the source");
    }
  }
}
