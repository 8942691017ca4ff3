package io.pgcarry.sink.apply;

import io.pgcarry.common.sql.SqlStates;
import java.sql.SQLException;

/**
 * Whether a failed statement may succeed when tried again, as pgcarry classifies SQL states in one
 * place ({@link SqlStates}): transient are connection failures (class 08), lock conflicts (40001,
 * 40P01, 55P03), the server shutting down or starting (57P01, 57P02, 57P03) and insufficient
 * resources (class 53); everything else is permanent, and among it an integrity constraint
 * violation (class 23) is worth a diagnosis: which single change meets it.
 */
public final class SqlStateClassifier {

  private SqlStateClassifier() {}

  /** True when the failure may go away by itself, so the batch should be retried. */
  public static boolean isTransient(SQLException e) {
    return SqlStates.isTransient(e);
  }

  /** True when the SQL state names a failure that may go away by itself. */
  public static boolean isTransient(String state) {
    return SqlStates.isTransient(state);
  }

  /**
   * True for an integrity constraint violation (class 23: 23505 unique, 23P01 exclusion, 23514
   * check, 23502 not-null, 23503 foreign key), which applying the batch change by change can pin to
   * one change.
   */
  public static boolean isConstraintViolation(SQLException e) {
    return SqlStates.isConstraintViolation(e.getSQLState());
  }

  /**
   * The server's message without the row values it may quote: the primary message for most errors,
   * cut before the quoted value for data exceptions (class 22) such as {@code invalid input syntax
   * for type integer: "…"}. Details, which name key values, are never included.
   */
  public static String describe(SQLException e) {
    return SqlStates.describe(e);
  }
}
