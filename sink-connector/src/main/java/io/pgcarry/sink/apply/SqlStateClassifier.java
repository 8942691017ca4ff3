package io.pgcarry.sink.apply;

import io.pgcarry.common.sql.SqlStates;
import java.sql.SQLException;

/**
 * Whether a failed statement may succeed when tried again, as pgcarry classifies SQL states in one
 * place ({@link SqlStates}): transient are connection failures (class 08), lock conflicts (40001,
 * 40P01, 55P03), the server shutting down or starting (57P01, 57P02, 57P03) and insufficient
 * resources (class 53); everything else is permanent.
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

  /** The server's message without the row values it may quote ({@link SqlStates#describe}). */
  public static String describe(SQLException e) {
    return SqlStates.describe(e);
  }
}
