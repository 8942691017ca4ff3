package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's source data: pgbench's four tables at a scale factor, generated on the server as
 * {@code pgbench -i} does (100,000 accounts per unit of scale), and {@code bench_wide}, 1,000 rows
 * per unit of scale of about 4.5 KiB each, their payload kept out of line in TOAST.
 */
final class BenchData {

  static final int WIDE_ROWS_PER_SCALE = 1_000;

  private BenchData() {}

  /** Creates and fills the tables, then returns their sizes. */
  static BenchReport.DataSet create(PgUri source, int scale) throws SQLException {
    try (Connection c = Connections.open(source, "source");
        Statement statement = c.createStatement()) {
      statement.execute(load("pgbench-tables.sql").body());
      statement.execute(load("wide-table.sql").body());
      for (String table : List.of("branches", "tellers", "accounts")) {
        insert(c, "load-" + table + ".sql", scale);
      }
      insert(c, "load-wide.sql", (long) scale * WIDE_ROWS_PER_SCALE);
      statement.execute(load("pgbench-keys.sql").body());
      // pgbench's own step v, for every table: the data is then as a long-lived database's, its
      // hint bits set and nothing left for autovacuum, which would otherwise vacuum the freshly
      // loaded tables in the middle of whichever peer's load came next.
      statement.execute("VACUUM (ANALYZE)");
      return sizes(c, scale);
    }
  }

  private static void insert(Connection c, String file, long count) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(load(file).body())) {
      insert.setLong(1, count);
      insert.executeUpdate();
    }
  }

  private static BenchReport.DataSet sizes(Connection c, int scale) throws SQLException {
    List<BenchReport.TableSize> tables = new ArrayList<>();
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(load("table-sizes.sql").body())) {
      while (rs.next()) {
        tables.add(
            new BenchReport.TableSize(rs.getString(1), Math.max(0, rs.getLong(2)), rs.getLong(3)));
      }
    }
    return new BenchReport.DataSet(scale, tables);
  }

  private static SqlResource load(String name) {
    return SqlResource.load(BenchData.class, name);
  }
}
