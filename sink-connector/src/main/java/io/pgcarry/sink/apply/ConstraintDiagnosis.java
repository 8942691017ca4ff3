package io.pgcarry.sink.apply;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a batch that failed with a constraint violation, or on a target table altered since it was
 * read (a column dropped, a type changed: {@link SqlStates#isCatalogMismatch}), does next: it
 * applies the same changes again one at a time in source order, each from a savepoint, in a fresh
 * transaction. Applied this way the target passes through the source's own states, so when a single
 * change still fails, the row it conflicts with was not written by this migration, and the error
 * says so, naming the change. Deferred constraints are checked where each source transaction ends
 * ({@code SET CONSTRAINTS ALL IMMEDIATE}), as the source checked them at its commit. Stateless;
 * thread-safe.
 */
final class ConstraintDiagnosis {

  /** What to do when the target table's definition no longer matches the source's. */
  static final String ALTERED =
      "The target table was altered by someone else since the migration created it: make it match"
          + " the source's definition again (pgcarry schema --dry-run prints the source's), restoring"
          + " the values of a dropped column from the source, then run migrate again. Nothing from"
          + " this change on was applied; restarting without the fix fails the same way";

  private final ApplyPlanner single = new ApplyPlanner(1);
  private final StepExecutor executor;

  ConstraintDiagnosis(StepExecutor executor) {
    this.executor = executor;
  }

  /**
   * Applies the changes one at a time inside the caller's transaction.
   *
   * @return the statements run
   * @throws ApplyFailure naming the first change that violates a constraint; the savepoint before
   *     it is rolled back, the caller rolls back the rest
   * @throws SQLException any other failure
   */
  int apply(Connection c, List<Change> changes, Map<TableId, TargetTable> tables)
      throws SQLException {
    int statements = 0;
    for (List<Change> unit : ApplyPlanner.units(changes)) {
      TargetTable table = tables.get(unit.get(0).table());
      Savepoint savepoint = c.setSavepoint();
      try {
        for (ApplyStep step : single.plan(unit, tables)) {
          executor.execute(c, step);
          statements++;
        }
        if (table.hasDeferrableConstraint() && endsTransaction(unit.get(unit.size() - 1))) {
          checkDeferred(c);
        }
        c.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        if (!SqlStates.isConstraintViolation(e) && !SqlStates.isCatalogMismatch(e.getSQLState())) {
          throw e;
        }
        c.rollback(savepoint);
        throw violation(unit.get(0), table, e);
      } catch (PlanningException e) {
        c.rollback(savepoint);
        throw new PlanningException(
            "applied one at a time in source order, every earlier change of the batch succeeded"
                + " and "
                + describe(unit.get(0), table)
                + " cannot be applied: "
                + e.getMessage()
                + ". "
                + ALTERED);
      }
    }
    return statements;
  }

  /** The deferred checks of the transaction that ended, then deferred again for the next one. */
  private static void checkDeferred(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET CONSTRAINTS ALL IMMEDIATE");
      s.execute("SET CONSTRAINTS ALL DEFERRED");
    }
  }

  private static boolean endsTransaction(Change change) {
    return !(change instanceof ChangeEvent event) || event.source().endsTransaction();
  }

  private static ApplyFailure violation(Change change, TargetTable table, SQLException e) {
    SQLException sanitized = new SQLException(SqlStates.describe(e), e.getSQLState());
    return new ApplyFailure(
        "applied one at a time in source order, every earlier change of the batch succeeded and "
            + describe(change, table)
            + " fails: "
            + SqlStates.describe(e)
            + ". "
            + remedy(e.getSQLState()),
        false,
        sanitized);
  }

  /**
   * What the operator can do. The source accepted the change, so the target differs from it: in a
   * row (unique and exclusion conflicts) or in the constraint itself (check, not-null).
   */
  private static String remedy(String state) {
    if (SqlStates.isCatalogMismatch(state)) {
      return ALTERED;
    }
    if (SqlStates.isRowConflict(state)) {
      return "The target therefore holds a row this migration did not write: the table was"
          + " changed on the target by someone else. Fix or remove the conflicting row on the"
          + " target, then restart the connector; restarting without that fails the same way";
    }
    return "The source accepted this change, so the target's constraint is not the source's: the"
        + " table was changed on the target. Make the constraint match the source's, then restart"
        + " the connector; restarting without that fails the same way";
  }

  /**
   * The change as the operator can find it; the key values are the only row values it names, so
   * that the conflicting row can be found.
   */
  private static String describe(Change change, TargetTable table) {
    if (change instanceof FullLoadRecord load) {
      return "the full-load record at "
          + where(change)
          + " (chunk "
          + load.chunk()
          + " of "
          + load.chunks()
          + " of snapshot "
          + load.snapshot()
          + ")";
    }
    ChangeEvent event = (ChangeEvent) change;
    return "the "
        + event.kind()
        + " at "
        + where(change)
        + " to "
        + table.id().quoted()
        + " with "
        + key(event, table)
        + " (source LSN "
        + (event.source().lsn() == null ? "unknown" : event.source().lsn())
        + ", source transaction "
        + event.source().describeTransaction()
        + ")";
  }

  private static String where(Change change) {
    return "topic "
        + change.position().topic()
        + ", partition "
        + change.position().partition()
        + ", offset "
        + change.position().offset();
  }

  private static String key(ChangeEvent event, TargetTable table) {
    List<String> key;
    try {
      key = ApplyPlanner.keyOf(table, List.of(event));
    } catch (PlanningException e) {
      key = event.keyColumns();
    }
    Row row = event.after() != null ? event.after() : event.before();
    if (key.isEmpty() || row == null) {
      return "no key (a table without key, matched on its whole row)";
    }
    return "key ("
        + key.stream().map(Identifier::quote).collect(Collectors.joining(", "))
        + ")=("
        + row.values(key).stream()
            .map(v -> v == null ? "NULL" : v)
            .collect(Collectors.joining(", "))
        + ")";
  }
}
