package io.pgcarry.precheck;

import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A query a check runs, kept in a {@code .sql} resource file next to this class, one query per file
 * with a header comment naming its parameters. Immutable and thread-safe.
 *
 * @param name the file name, such as {@code settings.sql}
 * @param text the SQL, header comment included
 */
record PrecheckQuery(String name, String text) {

  /**
   * Loads {@code io/pgcarry/precheck/NAME} from the class path.
   *
   * @throws IllegalStateException when there is no such file (a packaging bug)
   */
  static PrecheckQuery load(String name) {
    return new PrecheckQuery(name, SqlResource.load(PrecheckQuery.class, name).text());
  }

  /**
   * Runs the query with bound parameters and maps every row.
   *
   * @param parameters bound in order; a {@code String[]} is bound as a {@code text[]}
   */
  <T> List<T> list(Connection connection, RowMapper<T> mapper, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(text)) {
      for (int i = 0; i < parameters.length; i++) {
        Object value = parameters[i];
        if (value instanceof String[] array) {
          statement.setArray(i + 1, connection.createArrayOf("text", array));
        } else {
          statement.setObject(i + 1, value);
        }
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new SQLException(
          "catalog query " + name + " failed: " + e.getMessage(), e.getSQLState(), e);
    }
  }

  /** Runs a query that returns exactly one row. */
  <T> T one(Connection connection, RowMapper<T> mapper, Object... parameters) throws SQLException {
    List<T> rows = list(connection, mapper, parameters);
    if (rows.size() != 1) {
      throw new SQLException("catalog query " + name + " returned " + rows.size() + " rows");
    }
    return rows.get(0);
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }
}
