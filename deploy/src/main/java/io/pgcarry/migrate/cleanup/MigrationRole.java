package io.pgcarry.migrate.cleanup;

import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A role of a server as a migration leaves it: whether it is only the migration's (it owns nothing)
 * and where it still holds privileges. Immutable.
 *
 * @param name the role
 * @param superuser whether it is a superuser
 * @param replication whether it has REPLICATION
 * @param bootstrap whether it is the superuser initdb created, which cannot be dropped
 * @param owned what it owns, one {@code database: count} per database
 * @param databases the databases where it owns something or holds privileges
 * @param sessions its open sessions
 */
record MigrationRole(
    String name,
    boolean superuser,
    boolean replication,
    boolean bootstrap,
    List<String> owned,
    List<String> databases,
    long sessions) {

  private static final SqlResource QUERY = SqlResource.load(MigrationRole.class, "role.sql");

  MigrationRole {
    owned = List.copyOf(owned);
    databases = List.copyOf(databases);
  }

  /** The role of that name on the connection's server, if it exists. */
  static Optional<MigrationRole> read(Connection connection, String role) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(QUERY.text())) {
      statement.setString(1, role);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new MigrationRole(
                rs.getString("name"),
                rs.getBoolean("superuser"),
                rs.getBoolean("replication"),
                rs.getBoolean("bootstrap"),
                Arrays.asList((String[]) rs.getArray("owned").getArray()),
                Arrays.asList((String[]) rs.getArray("databases").getArray()),
                rs.getLong("sessions")));
      }
    }
  }

  /** Whether the role owns nothing, so it belongs to the migration alone. */
  boolean ownsNothing() {
    return owned.isEmpty();
  }
}
