package io.pgcarry.common.sql;

import io.pgcarry.common.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/** What a server's catalog says of a relation by its name. Stateless. */
public final class Relations {

  private Relations() {}

  /** Whether {@code table} exists on the connection's database ({@code to_regclass}). */
  public static boolean exists(Connection connection, TableId table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, table.quoted());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Whether {@code table}, which must exist, holds no row. */
  public static boolean isEmpty(Connection connection, TableId table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT NOT EXISTS (SELECT FROM " + table.quoted() + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Drops a schema when nothing is in it, inside the caller's transaction (or on its own in
   * auto-commit): a schema that holds other objects is someone else's, and stays.
   *
   * @return whether it was dropped
   */
  public static boolean dropSchemaIfEmpty(Connection connection, String schema)
      throws SQLException {
    Savepoint keep = connection.getAutoCommit() ? null : connection.setSavepoint();
    try (Statement drop = connection.createStatement()) {
      drop.execute("DROP SCHEMA " + Identifier.quote(schema));
      return true;
    } catch (SQLException e) {
      if (!SqlStates.is(e, SqlStates.DEPENDENT_OBJECTS_STILL_EXIST)) {
        throw e;
      }
      if (keep != null) {
        connection.rollback(keep);
      }
      return false;
    }
  }
}
