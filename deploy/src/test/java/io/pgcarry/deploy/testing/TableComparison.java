package io.pgcarry.deploy.testing;

import io.pgcarry.local.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests' own comparison of the tables of a source with a target, sharing nothing with pgcarry's
 * verification. Two forms: {@link #fingerprints} gives per table its row count and an md5 over the
 * sorted md5s of every row's text, for a test to compare whole maps (or under a mapping, {@link
 * #fingerprint} of chosen columns); {@link #of} compares every table with an order-independent
 * checksum and, where they differ, the rows themselves, as multisets of row hashes, to count the
 * rows the target lacks (lost) and holds beyond the source (duplicated, or stale). Both read the
 * tables of every schema but the system's and pgcarry's, in the same session settings.
 *
 * @param rows rows compared, on the source
 * @param lost source rows missing on the target
 * @param duplicated target rows beyond the source's
 * @param differing the tables that differ
 */
public record TableComparison(long rows, long lost, long duplicated, List<String> differing) {

  private static final String TABLES =
      "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgcarry') ORDER BY 1";

  public TableComparison {
    differing = List.copyOf(differing);
  }

  /** True when no table differs. */
  public boolean equal() {
    return lost == 0 && duplicated == 0 && differing.isEmpty();
  }

  /** Compares every table of {@code source} with the table of that name on {@code target}. */
  public static TableComparison of(Connection source, Connection target) throws SQLException {
    settle(source);
    settle(target);
    long rows = 0;
    long lost = 0;
    long duplicated = 0;
    List<String> differing = new ArrayList<>();
    for (String table : tables(source)) {
      long[] here = summary(source, table);
      long[] there = summary(target, table);
      rows += here[0];
      if (here[0] == there[0] && here[1] == there[1]) {
        continue;
      }
      differing.add(table);
      Map<String, Long> mine = rowHashes(source, table);
      Map<String, Long> theirs = rowHashes(target, table);
      for (Map.Entry<String, Long> e : mine.entrySet()) {
        lost += Math.max(0, e.getValue() - theirs.getOrDefault(e.getKey(), 0L));
      }
      for (Map.Entry<String, Long> e : theirs.entrySet()) {
        duplicated += Math.max(0, e.getValue() - mine.getOrDefault(e.getKey(), 0L));
      }
    }
    return new TableComparison(rows, lost, duplicated, differing);
  }

  /** Per table of the database ({@code schema.table}, quoted as needed): its fingerprint. */
  public static Map<String, String> fingerprints(LocalPostgres server, String database)
      throws SQLException {
    Map<String, String> result = new TreeMap<>();
    try (Connection c = server.connect(database);
        Statement s = c.createStatement()) {
      settle(c);
      for (String table : tables(c)) {
        result.put(table, fingerprint(s, table, List.of()));
      }
    }
    return result;
  }

  /**
   * Row count and an md5 over the sorted md5s of every row's text: of the whole row, or with {@code
   * columns} of the row of those (quoted) columns. The session must be settled ({@link #settle}).
   */
  public static String fingerprint(Statement s, String table, List<String> columns)
      throws SQLException {
    String row =
        columns.isEmpty()
            ? "t"
            : "ROW(" + String.join(", ", columns.stream().map(c -> "t." + c).toList()) + ")";
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*), md5(coalesce(string_agg(h, ',' ORDER BY h), ''))"
                + " FROM (SELECT md5("
                + row
                + "::text) AS h FROM ONLY "
                + table
                + " t) x")) {
      rs.next();
      return rs.getLong(1) + ":" + rs.getString(2);
    }
  }

  /** Session settings under which a row's text is the same on every server. */
  public static void settle(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET extra_float_digits = 3");
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET DateStyle = 'ISO, YMD'");
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(TABLES)) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  /** Count, and the sum of 60 bits of each row's md5, which no row order changes. */
  private static long[] summary(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint)"
                    + " % 9223372036854775807, 0)::bigint FROM ONLY "
                    + table
                    + " t")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private static Map<String, Long> rowHashes(Connection c, String table) throws SQLException {
    Map<String, Long> hashes = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT md5(t::text), count(*) FROM ONLY " + table + " t GROUP BY 1")) {
      while (rs.next()) {
        hashes.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      // The table is missing on this side (autocommit): every row of the other side differs.
    }
    return hashes;
  }
}
