package io.pgcarry.precheck;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The first phase of a precheck: opens the connections every other {@link Check} runs on, and turns
 * each failure into an error finding that says why (name resolution, TCP, TLS, authentication,
 * pg_hba.conf, missing database, CONNECT privilege) and what to do.
 *
 * <p>It is not itself a {@link Check} because the others need what it opens. Connections it returns
 * are read-only ({@code default_transaction_read_only}) and time-boxed ({@code statement_timeout});
 * the caller closes them. Stateless and thread-safe.
 */
final class ConnectivityCheck {

  static final String ID = "connectivity";

  /** Databases tried, in order, when the target database does not exist yet. */
  private static final List<String> MAINTENANCE_DATABASES = List.of("postgres", "template1");

  private final Duration statementTimeout;

  ConnectivityCheck(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  /**
   * What connecting to one server gave.
   *
   * @param connection the open connection, or null when none could be opened
   * @param databaseExists false when only a maintenance database could be reached because the
   *     database named in the URI does not exist
   * @param findings what went wrong, or what is worth knowing
   */
  record Outcome(Connection connection, boolean databaseExists, List<Finding> findings) {
    Outcome {
      findings = List.copyOf(findings);
    }
  }

  /** Connects to the source database; every failure is an error. */
  Outcome source(PgUri uri) {
    try {
      return new Outcome(open(uri, "source"), true, List.of());
    } catch (ConnectionFailure e) {
      return failed("source", uri, e);
    }
  }

  /**
   * Connects to the target database. When it does not exist yet, connects to a maintenance database
   * of the same server instead, since pgcarry can create the database.
   */
  Outcome target(PgUri uri) {
    try {
      return new Outcome(open(uri, "target"), true, List.of());
    } catch (ConnectionFailure e) {
      if (!SqlStates.UNDEFINED_DATABASE.equals(sqlState(e))) {
        return failed("target", uri, e);
      }
      for (String maintenance : MAINTENANCE_DATABASES) {
        Optional<Connection> fallback = tryOpen(uri.withDatabase(maintenance));
        if (fallback.isPresent()) {
          Finding missing =
              Finding.info(
                  ID,
                  "target database " + uri.database(),
                  "the target database does not exist yet; pgcarry creates it, which needs the"
                      + " CREATEDB attribute (see target-privileges)");
          return new Outcome(fallback.get(), false, List.of(missing));
        }
      }
      return failed("target", uri, e);
    }
  }

  private Optional<Connection> tryOpen(PgUri uri) {
    try {
      return Optional.of(open(uri, "target"));
    } catch (ConnectionFailure e) {
      return Optional.empty();
    }
  }

  private Connection open(PgUri uri, String role) {
    Connection connection = Connections.open(uri, role);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET default_transaction_read_only = on");
      statement.execute("SET statement_timeout = " + statementTimeout.toMillis());
      statement.execute("SET lock_timeout = " + statementTimeout.toMillis());
      return connection;
    } catch (SQLException e) {
      close(connection);
      throw new ConnectionFailure(Connections.diagnose(uri, role, e), e);
    }
  }

  private static Outcome failed(String role, PgUri uri, ConnectionFailure e) {
    return new Outcome(
        null, false, List.of(Finding.error(ID, role, e.getMessage(), fixSql(uri, e).orElse(null))));
  }

  /** The SQL a superuser runs to fix the failures that SQL can fix. */
  private static Optional<String> fixSql(PgUri uri, ConnectionFailure e) {
    String state = sqlState(e);
    String message = e.getCause() == null ? "" : String.valueOf(e.getCause().getMessage());
    if (SqlStates.INSUFFICIENT_PRIVILEGE.equals(state)) {
      return Optional.of(
          "GRANT CONNECT ON DATABASE "
              + Identifier.quote(uri.database())
              + " TO "
              + Identifier.quote(uri.user())
              + ";");
    }
    if (SqlStates.INVALID_AUTHORIZATION.equals(state)
        && message.contains("not permitted to log in")) {
      return Optional.of("ALTER ROLE " + Identifier.quote(uri.user()) + " LOGIN;");
    }
    return Optional.empty();
  }

  private static String sqlState(ConnectionFailure e) {
    return e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Already failing; the diagnosis of the first error is what matters.
    }
  }
}
