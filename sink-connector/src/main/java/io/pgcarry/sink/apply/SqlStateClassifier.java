package io.pgcarry.sink.apply;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * The one place that decides whether a failed statement may succeed when tried again. Transient:
 * connection failures (class 08), serialization failures and deadlocks (40001, 40P01), the server
 * shutting down or starting (57P01, 57P02, 57P03) and insufficient resources (class 53). Everything
 * else is permanent: retrying would fail the same way. Among the permanent ones, an integrity
 * constraint violation (class 23: unique, exclusion, check, not-null) is worth a diagnosis: which
 * single change meets it.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error
 *     codes</a>
 */
public final class SqlStateClassifier {

  private SqlStateClassifier() {}

  /** True when the failure may go away by itself, so the batch should be retried. */
  public static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return e instanceof SQLTransientException
          || e instanceof SQLRecoverableException
          || e.getCause() instanceof IOException;
    }
    return isTransient(state);
  }

  /** True when the SQL state names a failure that may go away by itself. */
  public static boolean isTransient(String state) {
    return state.startsWith("08")
        || state.startsWith("53")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }

  /**
   * True for an integrity constraint violation (class 23: 23505 unique, 23P01 exclusion, 23514
   * check, 23502 not-null, 23503 foreign key), which applying the batch change by change can pin to
   * one change.
   */
  public static boolean isConstraintViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /**
   * The server's message without the row values it may quote: the primary message for most errors,
   * cut before the quoted value for data exceptions (class 22) such as {@code invalid input syntax
   * for type integer: "…"}. Details, which name key values, are never included.
   */
  public static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    if (message.startsWith("ERROR: ")) {
      message = message.substring("ERROR: ".length());
    }
    String state = e.getSQLState();
    if (state != null && state.startsWith("22")) {
      int colon = message.indexOf(": ");
      if (colon > 0) {
        message = message.substring(0, colon);
      }
    }
    return (state == null ? "" : "SQL state " + state + ": ") + message;
  }
}
