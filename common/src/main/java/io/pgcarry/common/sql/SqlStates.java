package io.pgcarry.common.sql;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The one classification of PostgreSQL SQL states that pgcarry acts on. Every module that decides
 * whether to try again, or that treats a state specially, asks here.
 *
 * <ul>
 *   <li><b>Lock conflicts</b> ({@link #isLockConflict}): serialization failure (40001), deadlock
 *       (40P01), lock not available (55P03). Another session holds what this one needs; the
 *       transaction was rolled back whole and may succeed when run again.
 *   <li><b>Transient</b> ({@link #isTransient}): the lock conflicts, connection failures (class
 *       08), the server shutting down or starting (57P01, 57P02, 57P03), insufficient resources
 *       (class 53), an object in use (55006: a replication slot that another process, perhaps the
 *       walsender of a connection just lost, still streams from) and a read-only transaction
 *       (25006: a server in recovery or made read-only for a while, as during a failover).
 *       Everything else is permanent: retrying would fail the same way.
 * </ul>
 *
 * Stateless and thread-safe.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error
 *     codes</a>
 */
public final class SqlStates {

  /** undefined_table: the relation named does not exist. */
  public static final String UNDEFINED_TABLE = "42P01";

  /** dependent_objects_still_exist: DROP without CASCADE found objects that depend on it. */
  public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";

  private static final Set<String> LOCK_CONFLICTS = Set.of("40001", "40P01", "55P03");

  /** insufficient_privilege: the role lacks a privilege or an ownership. */
  public static final String INSUFFICIENT_PRIVILEGE = "42501";

  /** read_only_sql_transaction: the server accepts no writes for now. */
  public static final String READ_ONLY = "25006";

  /** object_in_use: a replication slot another process streams from, among others. */
  public static final String OBJECT_IN_USE = "55006";

  private static final Set<String> SERVER_UNAVAILABLE =
      Set.of("57P01", "57P02", "57P03", READ_ONLY, OBJECT_IN_USE);

  private SqlStates() {}

  /** True when the failure may go away by itself, so the work should be tried again. */
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
        || SERVER_UNAVAILABLE.contains(state)
        || isLockConflict(state);
  }

  /**
   * True when the SQL state says that another session held what this transaction needed: a
   * serialization failure, a deadlock, or a lock that was not available in time.
   */
  /**
   * True for an integrity constraint violation (class 23: 23505 unique, 23P01 exclusion, 23514
   * check, 23502 not-null, 23503 foreign key): permanent, but one change may be to blame.
   */
  public static boolean isConstraintViolation(String state) {
    return state != null && state.startsWith("23");
  }

  /** {@link #isConstraintViolation(String)} of the exception's SQL state. */
  public static boolean isConstraintViolation(SQLException e) {
    return isConstraintViolation(e.getSQLState());
  }

  /**
   * True when a statement failed because the database object differs from what the statement was
   * written for (class 42 other than 42501 insufficient privilege: an undefined column or table, a
   * type mismatch; 0A000 feature not supported): the object was altered since it was read.
   */
  public static boolean isCatalogMismatch(String state) {
    return state != null
        && ((state.startsWith("42") && !state.equals(INSUFFICIENT_PRIVILEGE))
            || state.equals("0A000"));
  }

  public static boolean isLockConflict(String state) {
    return state != null && LOCK_CONFLICTS.contains(state);
  }

  /** True when the exception carries the given SQL state. */
  public static boolean is(SQLException e, String state) {
    return state.equals(e.getSQLState());
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
