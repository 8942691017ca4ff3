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
 *   <li><b>Constraint violations</b> ({@link #isConstraintViolation}, class 23), among them the row
 *       conflicts ({@link #isRowConflict}: unique and exclusion violations); <b>catalog
 *       mismatches</b> ({@link #isCatalogMismatch}): an object altered since it was read.
 *   <li>The single states a caller acts on, each named here with its predicate where it has one
 *       ({@link #isLockNotAvailable}, {@link #isUndefinedTable}, {@link #isUniqueViolation}, {@link
 *       #isAlreadyExists}), and the states of a failed connection that {@code Connections}
 *       explains. No other class spells out a SQL state.
 * </ul>
 *
 * Stateless and thread-safe.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error
 *     codes</a>
 */
public final class SqlStates {

  /** connection_exception, class 08: the connection failed or was lost. */
  public static final String CONNECTION_FAILURE = "08006";

  /** sqlclient_unable_to_establish_sqlconnection: no connection could be opened. */
  public static final String UNABLE_TO_CONNECT = "08001";

  /** sqlserver_rejected_establishment_of_sqlconnection: the server refused the connection. */
  public static final String CONNECTION_REJECTED = "08004";

  /** invalid_authorization_specification: pg_hba.conf refused the role, or it may not log in. */
  public static final String INVALID_AUTHORIZATION = "28000";

  /** invalid_password: password authentication failed. */
  public static final String INVALID_PASSWORD = "28P01";

  /** invalid_catalog_name: the database named does not exist. */
  public static final String UNDEFINED_DATABASE = "3D000";

  /** too_many_connections: the server has no free connection slot. */
  public static final String TOO_MANY_CONNECTIONS = "53300";

  /** cannot_connect_now: the server is starting up or shutting down. */
  public static final String CANNOT_CONNECT_NOW = "57P03";

  /** undefined_table: the relation named does not exist. */
  public static final String UNDEFINED_TABLE = "42P01";

  /** dependent_objects_still_exist: DROP without CASCADE found objects that depend on it. */
  public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";

  /** insufficient_privilege: the role lacks a privilege or an ownership. */
  public static final String INSUFFICIENT_PRIVILEGE = "42501";

  /** read_only_sql_transaction: the server accepts no writes for now. */
  public static final String READ_ONLY = "25006";

  /**
   * object_not_in_prerequisite_state: an invalidated replication slot, wal_level too low for
   * logical decoding, a copy operation that has ended, among others.
   */
  public static final String OBJECT_NOT_IN_STATE = "55000";

  /** object_in_use: a replication slot another process streams from, among others. */
  public static final String OBJECT_IN_USE = "55006";

  /** lock_not_available: a lock taken with NOWAIT, or within lock_timeout, was not granted. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  /** unique_violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  /** exclusion_violation. */
  public static final String EXCLUSION_VIOLATION = "23P01";

  /** feature_not_supported. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";

  private static final Set<String> LOCK_CONFLICTS = Set.of("40001", "40P01", LOCK_NOT_AVAILABLE);

  private static final Set<String> SERVER_UNAVAILABLE =
      Set.of("57P01", "57P02", CANNOT_CONNECT_NOW, READ_ONLY, OBJECT_IN_USE);

  /** duplicate_table (relations), duplicate_object, duplicate_function, duplicate_schema. */
  private static final Set<String> ALREADY_EXISTS = Set.of("42P07", "42710", "42723", "42P06");

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
            || state.equals(FEATURE_NOT_SUPPORTED));
  }

  /**
   * True for a unique or exclusion violation: the target holds a row that conflicts with the one
   * written, where a check or not-null violation is about the row alone.
   */
  public static boolean isRowConflict(String state) {
    return UNIQUE_VIOLATION.equals(state) || EXCLUSION_VIOLATION.equals(state);
  }

  /** True for a unique violation: a row with that key exists already. */
  public static boolean isUniqueViolation(SQLException e) {
    return is(e, UNIQUE_VIOLATION);
  }

  /**
   * True when a {@code CREATE} failed because an object of that name exists already: a relation, a
   * schema, a function, or another object (duplicate_table, duplicate_schema, duplicate_function,
   * duplicate_object).
   */
  public static boolean isAlreadyExists(SQLException e) {
    return e.getSQLState() != null && ALREADY_EXISTS.contains(e.getSQLState());
  }

  /**
   * True when a lock was not granted at once (NOWAIT) or within {@code lock_timeout}: another
   * session holds a conflicting one.
   */
  public static boolean isLockNotAvailable(SQLException e) {
    return is(e, LOCK_NOT_AVAILABLE);
  }

  /** True when the relation named does not exist. */
  public static boolean isUndefinedTable(SQLException e) {
    return is(e, UNDEFINED_TABLE);
  }

  /**
   * True when the SQL state says that another session held what this transaction needed: a
   * serialization failure, a deadlock, or a lock that was not available in time.
   */
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
