package io.pgcarry.sink.apply;

import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.verify.ChunkResultTable;
import io.pgcarry.common.verify.RowChecksum;
import io.pgcarry.sink.event.ChunkCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.core.BaseConnection;

/**
 * Names the rows of a chunk that differ on the target at its marker. The source's rows of the
 * chunk, which the inspection carries in COPY text, are copied into a temporary table of the target
 * table's columns (dropped at commit) and compared with the target's rows of the chunk by their
 * text form, under the settings {@link RowChecksum#setTextForm} fixed: for a key range, the keys
 * whose rows differ or are on one side only, in key order; for a table compared whole, which has no
 * key, each row text one side holds more often than the other, with both counts. At most {@link
 * ChunkResultTable#MAX_DIFFERING_ROWS}. In a savepoint of the caller's transaction: a target that
 * refuses the temporary table (no TEMP privilege) leaves the rows unnamed, and the comparison
 * stands. Stateless.
 */
final class ChunkInspection {

  private static final String COPY_TABLE = "pgcarry_inspected_chunk";

  /** How much of a row's text names it. */
  private static final int ROW_TEXT = 200;

  private ChunkInspection() {}

  /** The rows of the chunk that differ; the caller has fixed the text form. */
  static List<String> differingRows(Connection connection, ChunkCheck check) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      List<String> rows = compare(connection, check);
      connection.releaseSavepoint(savepoint);
      return rows;
    } catch (SQLException e) {
      connection.rollback(savepoint);
      return List.of("the rows that differ could not be named: " + e.getMessage());
    }
  }

  private static List<String> compare(Connection connection, ChunkCheck check) throws SQLException {
    String columns =
        check.columns().stream().map(Identifier::quote).collect(Collectors.joining(", "));
    String table = check.table().quoted();
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS pg_temp." + COPY_TABLE);
      statement.execute(
          "CREATE TEMP TABLE "
              + COPY_TABLE
              + " ON COMMIT DROP AS SELECT "
              + columns
              + " FROM ONLY "
              + table
              + " WITH NO DATA");
    }
    try {
      connection
          .unwrap(BaseConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY pg_temp." + COPY_TABLE + " (" + columns + ") FROM STDIN",
              new ByteArrayInputStream(check.rows()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), SqlStates.CONNECTION_FAILURE, e);
    }
    String row = RowChecksum.row(check.columns());
    String source = "pg_temp." + COPY_TABLE;
    String range = check.marker().range().condition("t", check.key());
    List<String> rows = new ArrayList<>();
    if (check.key() != null) {
      String key = "t." + Identifier.quote(check.key());
      String sql =
          "SELECT coalesce(s.k, g.k)::text"
              + " FROM (SELECT "
              + key
              + " AS k, "
              + row
              + "::text AS r FROM "
              + source
              + " AS t) s"
              + " FULL JOIN (SELECT "
              + key
              + " AS k, "
              + row
              + "::text AS r FROM ONLY "
              + table
              + " AS t WHERE "
              + range
              + ") g ON g.k = s.k"
              + " WHERE s.r IS DISTINCT FROM g.r"
              + " ORDER BY coalesce(s.k, g.k) LIMIT "
              + ChunkResultTable.MAX_DIFFERING_ROWS;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        check.marker().range().bind(statement, 1);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            rows.add(rs.getString(1));
          }
        }
      }
      return rows;
    }
    String sql =
        "SELECT coalesce(s.r, g.r), coalesce(s.n, 0), coalesce(g.n, 0)"
            + " FROM (SELECT "
            + row
            + "::text AS r, count(*) AS n FROM "
            + source
            + " AS t GROUP BY 1) s"
            + " FULL JOIN (SELECT "
            + row
            + "::text AS r, count(*) AS n FROM ONLY "
            + table
            + " AS t WHERE "
            + range
            + " GROUP BY 1) g ON g.r = s.r"
            + " WHERE s.n IS DISTINCT FROM g.n"
            + " ORDER BY 1 LIMIT "
            + ChunkResultTable.MAX_DIFFERING_ROWS;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      check.marker().range().bind(statement, 1);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String text = rs.getString(1);
          if (text.length() > ROW_TEXT) {
            text = text.substring(0, ROW_TEXT) + "…";
          }
          rows.add(
              text + ": " + rs.getLong(2) + " on the source, " + rs.getLong(3) + " on the target");
        }
      }
    }
    return rows;
  }
}
