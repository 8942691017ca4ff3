package io.pgcarry.common.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checks a statement against a real server without running it: {@code PREPARE} parses and analyses
 * it, resolving every table and column, so a column renamed in one file and not in the others
 * fails.
 */
public final class Prepared {

  private Prepared() {}

  /**
   * Prepares and deallocates the statement, its JDBC parameters numbered as PREPARE takes them.
   *
   * @throws SQLException naming what the server could not resolve
   */
  public static void check(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PREPARE checked AS " + numbered(sql));
      s.execute("DEALLOCATE checked");
    }
  }

  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
